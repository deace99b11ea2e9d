"""Workshop pages as a visitor reads them (issue 11): the thank-you alone, headings in order,
the right label for a workshop still to come, a private page that stays private across languages."""

import datetime
import re

import pytest

from workshops import services

from .factories import RegistrationDataFactory, form_data, make_workshop

pytestmark = pytest.mark.django_db


def test_the_thank_you_comes_without_a_second_empty_form(client, index):
    workshop = make_workshop(index, slug="thanks")
    response = client.post(workshop.url, form_data(email="thanks@example.org"), follow=True)
    html = response.content.decode()
    assert "Thank you. Please check your inbox." in html
    assert 'class="workshop-form"' not in html
    assert "Register someone else" in html
    # Without the thank-you the form is there.
    assert 'class="workshop-form"' in client.get(workshop.url).content.decode()


def test_minutes_and_outputs_are_headed_inside_the_record(client, index):
    workshop = make_workshop(
        index,
        slug="record",
        starts_in=-datetime.timedelta(days=30),
        record_summary_en="<p>What happened.</p>",
        minutes_en="<p>Minutes.</p>",
        outputs_en="<p>Outputs.</p>",
    )
    html = client.get(workshop.url).content.decode()
    assert re.search(r'<h2 id="record-heading">', html)
    assert re.search(r'<h3 id="minutes-heading">Minutes</h3>', html)
    assert re.search(r'<h3 id="outputs-heading">Outputs</h3>', html)


def test_a_workshop_to_come_is_not_called_a_record(index):
    upcoming = make_workshop(index, slug="to-come")
    past = make_workshop(index, slug="gone", starts_in=-datetime.timedelta(days=30))
    assert str(upcoming.kind_label()) == "Upcoming workshop"
    assert str(past.kind_label()) == "Workshop record"


@pytest.mark.parametrize(("lang", "other"), [("en", "fr"), ("fr", "en")])
def test_the_private_page_switches_language_to_itself(client, index, lang, other):
    workshop = make_workshop(index, slug="private")
    outcome = services.register(workshop, RegistrationDataFactory(), send_email=False)
    token = services.new_token(outcome.registration)
    path = f"/{lang}/workshop/manage/{token}/"
    html = client.get(path).content.decode()
    switch = re.search(rf'<a href="([^"]+)" hreflang="{other}"', html)
    assert switch, html[:2000]
    assert switch[1] == f"/{other}/workshop/manage/{token}/"
