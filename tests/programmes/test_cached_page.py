"""The programme page is worked out and rendered once per content generation and language
(hub.fragments, ``ProgrammePage.get_context``): what changes its records shows at once."""

import pytest
from django.utils import translation

from programmes.models import ProgrammeIndicator

pytestmark = pytest.mark.django_db


def test_the_programme_page_follows_its_records(client, programme):
    url = programme.url
    with translation.override("fr"):
        french_url = programme.url
    assert "ERDF" in client.get(url).content.decode()
    french = client.get(french_url).content.decode()
    assert "FEDER" in french
    # What an editor's publish of a new figure does.
    ProgrammeIndicator.objects.create(
        programme=programme,
        label="Apprenticeships opened",
        label_en="Apprenticeships opened",
        label_fr="Apprentissages ouverts",
        value=373,
        unit="people",
        key_figure=True,
    )
    programme.save_revision().publish()
    assert "Apprenticeships opened" in client.get(url).content.decode()
    assert "Apprentissages ouverts" in client.get(french_url).content.decode()


def test_the_programme_index_follows_a_new_programme(client, programme, programme_index):
    from .conftest import make_programme

    url = programme_index.url
    with translation.override("fr"):
        french_url = programme_index.url
    assert "Covid Channel Area" in client.get(url).content.decode()
    client.get(french_url)
    with translation.override("en"):  # the French request left French active in this thread
        make_programme(
            programme_index,
            "cantal",
            title_en="Cantal solidarity pact",
            title_fr="Pacte des solidarités du Cantal",
        )
    assert "Cantal solidarity pact" in client.get(url).content.decode()
    assert "Pacte des solidarités du Cantal" in client.get(french_url).content.decode()
