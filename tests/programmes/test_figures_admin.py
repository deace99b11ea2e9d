"""Partner editors add key figures and indicators in the page editor, as a person would: the edit
form is read as a browser reads it and sent back with one more row of the figures' panel."""

import pytest
from django.urls import reverse

from hub.models import Partner
from hub.partners.setup import setup_all
from programmes.models import ResourceIndicator
from tests.admin_forms import add_inline_row, read_form, set_field
from tests.library.factories import CaseStudyFactory, TownCentrePlanFactory
from tests.partners.factories import UserFactory

pytestmark = pytest.mark.django_db

FIGURE = {
    "label_en": "apprenticeship opportunities",
    "label_fr": "places d'apprentissage",
    "value": "373",
    "unit": "opportunities",
}


@pytest.fixture
def editors(home):
    kent = Partner.objects.get(slug="kent")
    finistere = Partner.objects.get(slug="finistere")
    case = CaseStudyFactory(home=home, partners=[kent], title_en="Invicta", slug_en="invicta")
    plan = TownCentrePlanFactory(home=home, partners=[kent], title_en="Folkestone")
    setup_all()
    kent.refresh_from_db()
    finistere.refresh_from_db()
    return {
        "case": case,
        "plan": plan,
        "kent": UserFactory(username="kent-ed", groups=[kent.editor_group.name]),
        "finistere": UserFactory(username="fin-ed", groups=[finistere.editor_group.name]),
    }


def edit(client, page):
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    response = client.get(url)
    assert response.status_code == 200
    return url, read_form(response.content.decode())


def body_counts(fields):
    # A stream's inputs are drawn by the editor's script; these pages' bodies are empty.
    for name in ("body_en-count", "body_fr-count"):
        if not any(f[0] == name for f in fields):
            fields.append([name, "0"])
    return fields


def test_partner_editor_adds_a_key_figure_to_their_case_study(client, editors):
    client.force_login(editors["kent"])
    url, form = edit(client, editors["case"])
    html = client.get(url).content.decode()
    assert "Key figures" in html and "indicators-TOTAL_FORMS" in html
    fields = body_counts(add_inline_row(form, "indicators", **FIGURE))
    response = client.post(url, dict_of(fields))
    assert response.status_code == 302, errors(response)
    # Saved as a draft (editors do not publish): the figure is in the draft the form reopens.
    page = editors["case"].specific_class.objects.get(pk=editors["case"].pk)
    draft = page.get_latest_revision_as_object()
    assert [(f.label_fr, f.value, f.unit) for f in draft.indicators.all()] == [
        ("places d'apprentissage", 373, "opportunities")
    ]
    _url, again = edit(client, page)
    sent = dict(again.fields)
    assert sent["indicators-TOTAL_FORMS"] == "1" and sent["indicators-0-value"] in ("373", "373.00")
    assert sent["indicators-0-label_en"] == "apprenticeship opportunities"


def test_the_form_refuses_a_figure_that_breaks_the_rules(client, editors):
    client.force_login(editors["kent"])
    url, form = edit(client, editors["case"])
    fields = body_counts(add_inline_row(form, "indicators", **dict(FIGURE, unit="percent")))
    response = client.post(url, dict_of(fields))
    assert response.status_code == 200
    assert "A percentage lies between 0 and 100." in response.content.decode()
    assert not ResourceIndicator.objects.exists()


def test_another_partner_cannot_add_a_figure(client, editors):
    client.force_login(editors["finistere"])
    url = reverse("wagtailadmin_pages:edit", args=[editors["case"].pk])
    assert client.get(url).status_code == 302
    # What Kent's editor would send, sent by Finistère's: refused, nothing saved.
    client.force_login(editors["kent"])
    _url, form = edit(client, editors["case"])
    fields = body_counts(add_inline_row(form, "indicators", **FIGURE))
    client.force_login(editors["finistere"])
    response = client.post(url, dict_of(fields))
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    page = editors["case"].specific_class.objects.get(pk=editors["case"].pk)
    assert not page.get_latest_revision_as_object().indicators.all()
    assert not ResourceIndicator.objects.exists()


def test_moderator_publishes_a_plan_indicator(client, editors):
    moderator = UserFactory(username="mod", groups=["Hub moderators"])
    client.force_login(moderator)
    url, form = edit(client, editors["plan"])
    fields = add_inline_row(
        form,
        "indicators",
        label_en="empty shop units",
        label_fr="cellules commerciales vides",
        unit="percent",
        kind="result",
        baseline="14",
        target="8",
        value="11",
    )
    fields = set_field(body_counts(fields), "action-publish", "action-publish")
    response = client.post(url, dict_of(fields))
    assert response.status_code == 302, errors(response)
    figure = ResourceIndicator.objects.get(page=editors["plan"])
    assert (figure.baseline, figure.target, figure.value) == (14, 8, 11)
    html = client.get(editors["plan"].urls["fr"]).content.decode()
    assert "cellules commerciales vides" in html


def dict_of(fields):
    data = {}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return data


def errors(response):
    context = getattr(response, "context", None)
    if not context or "form" not in context:
        return response.status_code
    form = context["form"]
    return form.errors.as_data(), [fs.errors for fs in form.formsets.values()]
