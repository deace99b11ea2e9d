"""Partner editors edit the programmes their partner leads or takes part in, and only those;
what they change goes to the moderators, who publish."""

import pytest

from tests.programmes.conftest import make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def programmes(world):
    from programmes.models import ProgrammeIndexPage

    index = ProgrammeIndexPage(title="Programmes", slug="programmes")
    index.title_en = index.title_fr = "Programmes"
    index.slug_en = index.slug_fr = "programmes"
    world.home.add_child(instance=index)
    index.save_revision().publish()
    led = make_programme(index, "kent-led", lead_partner=world.kent)
    joined = make_programme(index, "finistere-led", lead_partner=world.finistere)
    joined.partners.set([world.kent])
    joined.save()
    other = make_programme(index, "finistere-only", lead_partner=world.finistere)
    from hub.partners.setup import setup_all

    setup_all()  # the programme index is one of the partners' sections
    return led, joined, other


def test_partner_editor_edits_own_programmes_only(world, programmes):
    led, joined, other = programmes
    editor = world.kent_editor
    assert led.permissions_for_user(editor).can_edit()
    assert joined.permissions_for_user(editor).can_edit()
    assert not other.permissions_for_user(editor).can_edit()
    assert not other.permissions_for_user(editor).can_submit_for_moderation()


def test_moderators_publish_programmes(world, programmes):
    led, _joined, other = programmes
    assert not led.permissions_for_user(world.kent_editor).can_publish()
    assert led.permissions_for_user(world.moderator).can_publish()
    assert other.permissions_for_user(world.moderator).can_edit()


def test_admin_edit_view_follows_the_rules(client, world, programmes):
    led, _joined, other = programmes
    client.force_login(world.kent_editor)
    assert client.get(f"/admin/pages/{led.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{other.pk}/edit/").status_code in (302, 403)
