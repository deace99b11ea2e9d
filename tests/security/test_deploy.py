"""Production settings: `check --deploy` passes at WARNING level with a real-looking setup, the
values are strict, and start-up stops with a clear message without a key or a base address."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


# Not inherited from the test process: its settings and secret, and the async check that the
# browser fixture lifts while Playwright runs in that process (tests/browser/conftest.py).
NOT_INHERITED = {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def production_env(tmp):
    return dict(
        {k: v for k, v in os.environ.items() if k not in NOT_INHERITED},
        DJANGO_SETTINGS_MODULE="hub.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="hub.example.org",
        CSRF_TRUSTED_ORIGINS="https://hub.example.org",
        WAGTAILADMIN_BASE_URL="https://hub.example.org",
        HUB_VAR_DIR=str(tmp),
        DATABASE_URL=f"sqlite:///{tmp}/prod.sqlite3",
    )


def production_values(tmp):
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ("
        "'DEBUG', 'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', "
        "'SECURE_HSTS_PRELOAD', 'SECURE_SSL_REDIRECT', 'SESSION_COOKIE_SECURE', "
        "'CSRF_COOKIE_SECURE', 'SECURE_CONTENT_TYPE_NOSNIFF', 'SECURE_REFERRER_POLICY')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_env(tmp),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_at_warning_level(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_refuses_to_start_without_a_base_address(tmp_path):
    env = production_env(tmp_path)
    env.pop("WAGTAILADMIN_BASE_URL")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL is not set" in result.stderr


def test_production_values_are_strict(tmp_path):
    values = production_values(tmp_path)
    assert values["DEBUG"] is False
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["SECURE_REFERRER_POLICY"]
