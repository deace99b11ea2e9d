"""Demo content is idempotent, follows the base address and generates the admin's password.

The production settings are tested in tests/security/test_deploy.py."""

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
