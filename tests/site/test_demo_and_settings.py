"""Demo content is idempotent; production settings are safe and refuse to start without a key."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


def _counts():
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "hub",
            "toolkits",
            "case_studies",
            "workshops",
            "wagtailcore",
            "wagtaildocs",
            "wagtailimages",
            "wagtailredirects",
            "auth",
        }
        and not model._meta.label.startswith(
            ("wagtailcore.Revision", "wagtailcore.ModelLogEntry", "wagtailcore.PageLogEntry")
        )
    }


@pytest.mark.django_db
def test_demo_command_twice_creates_nothing_new(capsys):
    call_command("load_demo")
    first_output = capsys.readouterr().out
    assert "password:" in first_output
    before = _counts()
    call_command("load_demo")
    second_output = capsys.readouterr().out
    assert "password:" not in second_output
    assert "password unchanged" in second_output
    assert "manage.py changepassword admin" in second_output
    assert _counts() == before


@pytest.mark.django_db
def test_demo_site_record_follows_the_base_address(settings):
    from wagtail.models import Site

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8765"
    call_command("load_demo", "--no-admin", verbosity=0)
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("127.0.0.1", 8765)
    assert site.root_page.full_url == "http://127.0.0.1:8765/en/"
    settings.WAGTAILADMIN_BASE_URL = "https://hub.example.org"
    call_command("load_demo", "--no-admin", verbosity=0)
    site.refresh_from_db()
    assert (site.hostname, site.port) == ("hub.example.org", 443)


@pytest.mark.django_db
def test_demo_admin_password_is_generated(capsys, django_user_model):
    call_command("load_demo")
    out = capsys.readouterr().out
    password = out.split("password:")[1].split()[0]
    assert len(password) >= 12
    assert django_user_model.objects.get(username="admin").check_password(password)


def _manage(*args, env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY"}}
    env.update({"DJANGO_SETTINGS_MODULE": "hub.settings.production", **env_extra})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "SECRET_KEY": "k" * 20 + "-Q9v!x2#Lr7@pW4zT8mN3bY6cF1hJ5sD0gA",
            "ALLOWED_HOSTS": "hub.example.org",
            "WAGTAILADMIN_BASE_URL": "https://hub.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_stops_with_a_clear_message():
    result = _manage("check", env_extra={"ALLOWED_HOSTS": "hub.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_without_a_base_address_stops_with_a_clear_message():
    result = _manage(
        "check", env_extra={"ALLOWED_HOSTS": "hub.example.org", "SECRET_KEY": "k" * 50}
    )
    assert result.returncode != 0
    assert "WAGTAILADMIN_BASE_URL is not set" in result.stderr
