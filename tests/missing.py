"""Skipping for a missing tool or fixture: a reason outside CI, a failure under CI=true.

A fresh clone has neither ``../shared`` nor, maybe, Chromium or PostgreSQL; its tests skip with a
reason that ``make test`` repeats in its closing block (tests/runner.py). CI has everything
installed by .ci/system-deps, so there the same absence is a failure, never a silent skip.
"""

import os

import pytest


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing(reason, *, allow_module_level=False):
    """Skip with ``reason``, or fail under CI=true (nothing may be skipped there)."""
    if in_ci():
        pytest.fail(
            f"{reason} (CI=true: nothing may be skipped for a missing tool or fixture)",
            pytrace=False,
        )
    pytest.skip(reason, allow_module_level=allow_module_level)
