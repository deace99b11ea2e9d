"""A partner's location in the admin: its editors see the "Location on the map" panel on their own
partner's form (not on another's), and moderators on every partner and place."""

import pytest
from django.urls import reverse

from hub.models import Place


@pytest.mark.django_db
def test_partner_editors_and_moderators_set_locations_in_the_forms(client, world):
    client.force_login(world.kent_editor)
    own = client.get(reverse("wagtailsnippets_hub_partner:edit", args=[world.kent.pk]))
    assert own.status_code == 200
    html = own.content.decode()
    assert "Location on the map" in html
    assert 'name="latitude"' in html and 'name="longitude"' in html
    assert 'value="51.27"' in html  # the demo's location of Kent County Council
    other = client.get(reverse("wagtailsnippets_hub_partner:edit", args=[world.finistere.pk]))
    assert other.status_code in (302, 403)

    client.force_login(world.moderator)
    place = Place.objects.get(slug="fr-bretagne")
    response = client.get(reverse("wagtailsnippets_hub_place:edit", args=[place.pk]))
    assert response.status_code == 200
    assert 'name="latitude"' in response.content.decode()
