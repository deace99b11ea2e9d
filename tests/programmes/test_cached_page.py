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
