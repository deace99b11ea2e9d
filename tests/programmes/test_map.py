"""The map of a programme's partners and places: the locations of partners and places (ranges,
both or neither, filled without overwriting), the geodata and its projection, markers that
never overlap, and the programme page's SVG with the same list as a table, in both languages,
with no request elsewhere and no query more."""

import json
import math
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hub.locations import PARTNER_LOCATIONS, PLACE_LOCATIONS, fill_locations
from hub.models import Partner, Place
from programmes import maps
from programmes.maps import Marker


def errors_of(record):
    try:
        # The fields and clean() only: uniqueness would ask the database.
        record.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        return error.message_dict
    return {}


# Locations ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("latitude", "longitude", "field", "message"),
    [
        (90.5, 0, "latitude", "A latitude is between -90 and 90 degrees."),
        (-91, 0, "latitude", "A latitude is between -90 and 90 degrees."),
        (50, 180.01, "longitude", "A longitude is between -180 and 180 degrees."),
        (50, -200, "longitude", "A longitude is between -180 and 180 degrees."),
        (50, None, "longitude", "Give both the latitude and the longitude, or neither."),
        (None, 1.5, "latitude", "Give both the latitude and the longitude, or neither."),
    ],
)
def test_a_location_is_in_range_and_whole(latitude, longitude, field, message):
    for record in (
        Partner(name="Somewhere", slug="somewhere", country="FR"),
        Place(country="FR", name="Somewhere", slug="fr-somewhere"),
    ):
        record.latitude, record.longitude = latitude, longitude
        assert message in errors_of(record).get(field, []), errors_of(record)


def test_a_location_may_be_given_or_left_empty():
    for latitude, longitude in ((None, None), (-90, 180), (48.390394, -4.486076)):
        partner = Partner(
            name="Brest", slug="brest", country="FR", latitude=latitude, longitude=longitude
        )
        assert errors_of(partner) == {}
        assert partner.has_location is (latitude is not None)


@pytest.mark.django_db
def test_the_demo_and_legacy_records_have_their_locations_and_corrections_stay(home):
    kent = Partner.objects.get(slug="kent")
    assert (kent.latitude, kent.longitude) == PARTNER_LOCATIONS["kent"]
    assert Place.objects.get(slug="fr-bretagne").has_location
    # Countries are shaded, not pointed at; partners whose office is not known have none.
    assert not Place.objects.get(slug="fr").has_location
    assert not Partner.objects.get(slug="new-anglia-lep").has_location
    Partner.objects.filter(slug="kent").update(latitude=51.3, longitude=0.5)
    assert fill_locations(Partner, PARTNER_LOCATIONS) == 0
    assert Partner.objects.filter(slug="kent", latitude=51.3, longitude=0.5).exists()
    Place.objects.filter(slug="gb-devon").update(latitude=None, longitude=None)
    assert fill_locations(Place, PLACE_LOCATIONS) == 1
    assert Place.objects.get(slug="gb-devon").latitude == PLACE_LOCATIONS["gb-devon"][0]


# Geodata and projection ------------------------------------------------------------------


def test_the_geodata_is_small_names_its_source_and_holds_france_and_the_uk():
    assert maps.GEODATA.stat().st_size < 60_000
    data = json.loads(maps.GEODATA.read_text(encoding="utf-8"))
    assert "Natural Earth" in data["source"] and "Public domain" in data["licence"]
    assert "build.py" in data["made_with"]
    land = maps.land()
    for code in ("FR", "GB", "IE", "BE", "NL", "JE", "GG"):
        assert land[code].startswith("M") and land[code].endswith("z"), code
    readme = (maps.GEODATA.parent / "README.md").read_text(encoding="utf-8")
    assert "world-atlas" in readme and "public domain" in readme.lower()


def test_the_projection_keeps_north_up_and_distances_near_the_channel():
    assert maps.project(*maps.ORIGIN) == pytest.approx((0, 0), abs=1e-6)
    brest, strasbourg = maps.project(-4.49, 48.39), maps.project(7.75, 48.58)
    london, paris = maps.project(-0.13, 51.51), maps.project(2.35, 48.86)
    assert brest[0] < paris[0] < strasbourg[0]
    assert london[1] < paris[1]  # north is up (y grows southwards)
    # London-Paris is 344 km on the ground; a conformal projection near its parallels keeps it.
    assert math.dist(london, paris) == pytest.approx(344, rel=0.02)


def test_a_single_point_is_framed_with_its_surroundings_inside_the_geodata():
    x_min, y_min, x_max, y_max = maps.frame([maps.project(2.44, 44.93)])
    assert x_max - x_min >= maps.MIN_SPAN and y_max - y_min >= maps.MIN_SPAN / maps.ASPECT[1]
    limit = maps.LIMIT
    assert limit[0] <= x_min and limit[1] <= y_min and x_max <= limit[2] and y_max <= limit[3]
    assert maps.frame([]) == maps.LIMIT


def test_markers_that_would_overlap_are_spread_around_their_point():
    radius = 20.0
    caen = [
        Marker(1, "partner", "Département du Calvados", 49.18, -0.37),
        Marker(2, "partner", "Le Dôme", 49.19, -0.36),
        Marker(3, "place", "Normandie", 49.10, 0.10),
        Marker(4, "partner", "Plymouth", 50.37, -4.14),
    ]
    maps.place_markers(caen, radius)
    for a in caen:
        for b in caen:
            if a is not b:
                assert math.dist((a.x, a.y), (b.x, b.y)) >= 2 * radius, (a.label, b.label)
    assert (caen[3].x, caen[3].y) == caen[3].anchor  # alone: drawn where it is


# The programme page --------------------------------------------------------------------


@pytest.fixture
def partner_pages(home):
    """The partner index, so that partner names link to their pages."""
    from hub.demo import load_taxonomy_pages

    return load_taxonomy_pages(home)


def map_section(html):
    return html.split('id="map-heading"', 1)[1].split("</section>", 1)[0]


@pytest.mark.django_db
def test_the_programme_page_draws_its_partners_and_places(client, programme, partner_pages):
    html = client.get("/en/programmes/c-care/").content.decode()
    section = map_section(html)
    svg = re.search(r'<svg class="map".*?</svg>', section, re.S)[0]
    assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
    assert "C-CARE: partners and places" in svg
    # Kent (lead) and Norfolk as circles 1 and 2, the regions of Kent and Norfolk as 3 and 4.
    markers = re.findall(r'<g class="map__marker map__marker--(\w+)".*?<title>(.*?)</title>', svg)
    assert markers == [
        ("partner", "1. Kent County Council"),
        ("partner", "2. Norfolk County Council"),
        ("place", "3. Kent"),
        ("place", "4. Norfolk"),
    ]
    assert len(re.findall(r"<circle ", svg)) >= 2 and len(re.findall(r"<rect ", svg)) >= 3
    # Nothing to fetch: no address, no script, no image.
    assert not re.search(r"https?:|<script|<image|xlink:href", svg)
    assert "Natural Earth (public domain)" in section
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<th scope=\"row\">(.*?)</th>", section, re.S)
    assert len(rows) == 4
    assert 'href="/en/partners/kent/"' in rows[0][1] and ">1<" in rows[0][0]
    assert "Lead partner" in section and "Region" in section


@pytest.mark.django_db
def test_a_partner_without_location_is_listed_not_drawn_and_a_country_is_shaded(client, programme):
    programme.partners.add(Partner.objects.get(slug="new-anglia-lep"))
    programme.places.add(Place.objects.get(slug="fr"))
    programme.save()
    html = client.get("/en/programmes/c-care/").content.decode()
    section = map_section(html)
    svg = re.search(r'<svg class="map".*?</svg>', section, re.S)[0]
    assert "New Anglia" not in svg
    assert "1 is not on the map (no location given, or outside it): see the table." in svg
    assert "Shaded: France." in svg and "map__land--shaded" in svg
    note = re.search(r'<p class="meta map-unlocated">(.*?)</p>', section, re.S)[0]
    assert "New Anglia LEP" in note
    assert ">shaded<" in section and "not on the map" in section


@pytest.mark.django_db
def test_a_partner_outside_the_area_of_the_map_is_listed_not_drawn(client, programme):
    quebec = Partner.objects.create(
        name="Ville de Québec", slug="quebec", country="FR", latitude=46.81, longitude=-71.21
    )
    programme.partners.add(quebec)
    programme.save()
    assert maps.covers(51.27, 0.52) and not maps.covers(46.81, -71.21)
    section = map_section(client.get("/en/programmes/c-care/").content.decode())
    svg = re.search(r'<svg class="map".*?</svg>', section, re.S)[0]
    assert "Québec" not in svg and "Québec" in section.split("map-unlocated", 1)[1]


@pytest.mark.django_db
def test_the_map_in_french(client, programme, partner_pages):
    html = client.get("/fr/programmes/c-care/").content.decode()
    section = map_section(html)
    assert "Partenaires et lieux sur la carte" in html
    assert "C-CARE\u00a0: partenaires et lieux" in section
    assert "Chef de file" in section and "Région" in section and "Nom et type" in section
    assert "Côtes et frontières\u00a0: Natural Earth (domaine public)." in section
    assert 'href="/fr/partenaires/kent/"' in section


@pytest.mark.django_db
def test_a_programme_without_partners_or_places_has_no_map(client, programme):
    programme.partners.clear()
    programme.places.clear()
    programme.lead_partner = None
    programme.save()
    html = client.get("/en/programmes/c-care/").content.decode()
    assert 'id="map-heading"' not in html


@pytest.mark.django_db
def test_the_map_costs_no_query_whatever_the_number_of_partners_and_places(client, programme):
    def count(n):
        client.get("/en/programmes/c-care/")  # the memos of this content generation
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/programmes/c-care/?n={n}").status_code == 200
        return len(queries.captured_queries)

    few = count(1)
    programme.partners.add(*Partner.objects.exclude(slug="kent"))
    programme.places.add(*Place.objects.all())
    programme.save()
    many = count(2)
    assert many <= few
    html = client.get("/en/programmes/c-care/?n=3").content.decode()
    assert html.count('class="map__marker ') >= 12
