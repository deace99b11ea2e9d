"""Dependencies are locked: requirements.lock pins every installed package exactly."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!-]+)$")


def canonical(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.match(line.strip())
        assert match, f"not an exact pin: {line!r}"
        pins[canonical(match[1])] = match[2]
    return pins


def test_every_line_is_an_exact_pin_and_the_project_is_not_in_it():
    pins = lock()
    assert pins
    assert "c-care-hub" not in pins


def test_every_declared_dependency_is_locked():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    declared = project["dependencies"] + project["optional-dependencies"]["test"]
    pins = lock()
    missing = []
    for requirement in declared:
        name = canonical(re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0])
        if name not in pins:
            missing.append(name)
    assert not missing, f"declared in pyproject.toml but not locked: {missing}"


def test_the_lock_matches_the_installed_environment():
    installed = {canonical(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {
        name: (version, installed.get(name))
        for name, version in lock().items()
        if installed.get(name) != version
    }
    assert not wrong, f"locked vs installed: {wrong}"
