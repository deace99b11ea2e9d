"""The data migration that turns case studies' key-figure blocks and town-centre plans'
indicator blocks into records, run on a database holding them.

The database is taken back to the state before ``programmes 0004`` (the blocks still exist),
pages and revisions are given blocks as they were stored then, in both languages, and the
migrations run forward again: every figure becomes a record with both languages' words, nothing
is lost, the blocks leave the bodies and the revisions, and the editor's form shows the draft's
figures.
"""

import json
import uuid
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from case_studies.models import CaseStudyPage
from programmes.models import ProgrammeIndicator, ResourceIndicator
from tests.library.factories import CaseStudyFactory, TownCentrePlanFactory
from toolkits.models import TownCentrePlanPage

BEFORE = [
    ("programmes", "0003_indicator_unit_name_and_same_as"),
    ("case_studies", "0002_remove_free_text_programme"),
    ("toolkits", "0001_initial"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


def block(kind, heading, list_name, items):
    return {
        "type": kind,
        "id": str(uuid.uuid4()),
        "value": {
            "heading": heading,
            list_name: [{"type": "item", "id": str(uuid.uuid4()), "value": i} for i in items],
        },
    }


def figures(heading, *rows):
    items = [{"value": v, "label": label, "source": source} for v, label, source in rows]
    return block("key_figures", heading, "figures", items)


STORY = {
    "type": "quote",
    "id": "q1",
    "value": {"quote": "Customers see the badge.", "attribution": "Owner"},
}
CASE_EN = [
    STORY,
    figures(
        "Key figures",
        ("373", "apprenticeship opportunities", ""),
        ("96 %", "said it mattered", "Survey 2022"),
        ("€1.5m", "in vouchers", ""),
        ("more than 200", "skills action plans", "Plymouth report"),
    ),
]
CASE_FR = [
    figures(
        "Chiffres clés",
        ("373", "places d'apprentissage", ""),
        ("96 %", "jugent que cela a compté", "Enquête 2022"),
        ("1,5 M€", "de bons", ""),
    ),
]
DRAFT_EN = [figures("Key figures", ("400", "apprenticeship opportunities", ""))]


def indicators(heading, rows):
    items = [
        {"name": name, "unit": unit, "baseline": baseline, "target": target, "current": current}
        for name, unit, baseline, target, current in rows
    ]
    return block("indicators", heading, "indicators", items)


PLAN_EN = [
    indicators(
        "Indicators",
        [
            ("Empty shop units", "%", "14", "8", None),
            ("Footfall", "visitors a day", "4200", "5000", "4550"),
        ],
    )
]
PLAN_FR = [
    indicators(
        "Indicateurs",
        [
            ("Cellules commerciales vides", "%", "14", "8", None),
            ("Fréquentation", "visiteurs par jour", "4200", "5000", "4550"),
        ],
    )
]


@pytest.mark.django_db(transaction=True)
def test_blocks_become_records_in_both_languages(home, programme, admin_client, client):
    case = CaseStudyFactory(home=home, title_en="A2A", slug_en="a2a", programmes=[programme])
    plan = TownCentrePlanFactory(home=home, title_en="Morlaix", slug_en="morlaix")
    case.save_revision()  # a draft, newer than the live revision
    said = ProgrammeIndicator.objects.get(programme=programme, label_en="said it mattered")

    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        OldCase = old.get_model("case_studies", "CaseStudyPage")
        OldPlan = old.get_model("toolkits", "TownCentrePlanPage")
        Revision = old.get_model("wagtailcore", "Revision")
        OldCase.objects.filter(pk=case.pk).update(body=CASE_EN, body_en=CASE_EN, body_fr=CASE_FR)
        OldPlan.objects.filter(pk=plan.pk).update(body=PLAN_EN, body_en=PLAN_EN, body_fr=PLAN_FR)
        live_id = OldCase.objects.get(pk=case.pk).live_revision_id
        for revision in Revision.objects.filter(object_id__in=[str(case.pk), str(plan.pk)]):
            content = revision.content
            if revision.object_id == str(plan.pk):
                en, fr = PLAN_EN, PLAN_FR
            else:
                en, fr = (CASE_EN, CASE_FR) if revision.pk == live_id else (DRAFT_EN, [])
            content.update(body_en=json.dumps(en), body_fr=json.dumps(fr), indicators=[])
            revision.content = content
            revision.save()
    finally:
        executor = _migrate(executor.loader.graph.leaf_nodes())

    found = list(ResourceIndicator.objects.filter(page=case.pk).order_by("sort_order"))
    assert [(f.label_en, f.label_fr, f.value, f.unit) for f in found] == [
        ("apprenticeship opportunities", "places d'apprentissage", 373, "opportunities"),
        ("said it mattered", "jugent que cela a compté", 96, "percent"),
        ("in vouchers", "de bons", Decimal(1500000), "EUR"),
        ("skills action plans", "", 200, "plans"),
    ]
    # The source, and text that was more than a number, are kept in the note.
    assert found[1].note_en == "Source: Survey 2022" and found[1].note_fr == "Source : Enquête 2022"
    assert "more than 200" in found[3].note_en and "Plymouth report" in found[3].note_en
    # The programme already counts 96 % (its "said it mattered"): linked, counted once.
    assert found[1].same_as_id == said.pk and found[0].same_as_id is None

    plan_figures = list(ResourceIndicator.objects.filter(page=plan.pk).order_by("sort_order"))
    assert [
        (f.label_fr, f.unit, f.unit_name_en, f.unit_name_fr, f.baseline, f.target, f.value)
        for f in plan_figures
    ] == [
        ("Cellules commerciales vides", "percent", "", "", 14, 8, None),
        ("Fréquentation", "other", "visitors a day", "visiteurs par jour", 4200, 5000, 4550),
    ]
    assert all(f.kind == "result" for f in plan_figures)

    # The blocks are gone from every column and every revision; the rest of the body stays.
    case = CaseStudyPage.objects.get(pk=case.pk)
    assert [b.block_type for b in case.body_en] == ["quote"] and not list(case.body_fr)
    plan = TownCentrePlanPage.objects.get(pk=plan.pk)
    assert not list(plan.body_en) and not list(plan.body_fr)
    for page in (case, plan):
        for revision in page.revisions.all():
            assert "key_figures" not in json.dumps(revision.content)
            assert '"type": "indicators"' not in json.dumps(revision.content)
    # The live revision holds the records themselves; the draft its own figure.
    live = case.live_revision.as_object()
    assert sorted(f.pk for f in live.indicators.all()) == sorted(f.pk for f in found)
    draft = case.get_latest_revision_as_object()
    assert [(f.value, f.unit) for f in draft.indicators.all()] == [(400, "opportunities")]

    # The editor's form opens the draft with its figure; the public page shows the records.
    form = admin_client.get(f"/admin/pages/{case.pk}/edit/").content.decode()
    assert 'name="indicators-0-value"' in form and 'value="400' in form
    for lang, words in (("en", "apprenticeship opportunities"), ("fr", "places d")):
        html = client.get(case.urls[lang]).content.decode()
        assert ">373<" in html and words in html
    html = client.get(plan.urls["fr"]).content.decode()
    assert "visiteurs par jour" in html and "Cellules commerciales vides" in html
