"""The data migration that gives existing content its programmes, run on a database holding it.

``programmes 0002`` links every resource to a programme (a case study by its free-text
programme, an imported resource by its import key, anything else to C-CARE) before
``case_studies 0002`` drops the free text. Here the database is taken back to the state before
both, old content is written as it was then, and the migrations run forward again.
"""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from wagtail.models import Page

from case_studies.models import CaseStudyPage
from programmes.models import ProgrammeIndexPage, ProgrammePage
from tests.library.factories import CaseStudyFactory, ToolkitFactory

BEFORE = [("programmes", "0001_initial"), ("case_studies", "0001_initial")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor


@pytest.mark.django_db(transaction=True)
def test_existing_content_joins_its_programmes(home, client):
    # Written with today's models, then given what the old schema held.
    shared = CaseStudyFactory(home=home, title_en="Shared territories", slug_en="shared")
    ccare_text = CaseStudyFactory(home=home, title_en="Kent voucher", slug_en="kent-voucher")
    other_text = CaseStudyFactory(home=home, title_en="Elsewhere", slug_en="elsewhere")
    imported_case = CaseStudyFactory(home=home, title_en="Caen video", slug_en="caen-video")
    imported = ToolkitFactory(home=home, title_en="Cantal guide", slug_en="cantal-guide")
    plain = ToolkitFactory(home=home, title_en="Plain toolkit", slug_en="plain-toolkit")
    ToolkitFactory._meta.model.objects.filter(pk=imported.pk).update(
        import_key="cantal/convention-pauvrete/guide.pdf"
    )
    # Imported with the free text's default: the key names its programme.
    CaseStudyPage.objects.filter(pk=imported_case.pk).update(
        import_key="calvados/plan-de-relance-sociale/video.mp4"
    )
    ProgrammePage.objects.all().delete()
    ProgrammeIndexPage.objects.all().delete()
    Page.fix_tree()

    executor = _migrate(BEFORE)
    try:
        old = executor.loader.project_state([*BEFORE, ("hub", "0012_resourcepage_programmes")]).apps
        OldCaseStudy = old.get_model("case_studies", "CaseStudyPage")
        # The column came back with its default, "C-CARE"; two case studies name others.
        assert set(OldCaseStudy.objects.values_list("programme", flat=True)) == {"C-CARE"}
        OldCaseStudy.objects.filter(pk=shared.pk).update(programme="Territoires partagés")
        OldCaseStudy.objects.filter(pk=other_text.pk).update(programme="Interreg Atlantic Area")
        OldResource = old.get_model("hub", "ResourcePage")
        assert not OldResource.programmes.through.objects.exists()
    finally:
        executor = _migrate(executor.loader.graph.leaf_nodes())

    def programmes_of(page):
        return set(ProgrammePage.objects.filter(resources=page.pk).values_list("slug", flat=True))

    assert programmes_of(shared) == {"territoires-partages"}
    assert programmes_of(ccare_text) == {"c-care"}
    assert programmes_of(imported) == {"cantal-solidarity-pact"}
    assert programmes_of(plain) == {"c-care"}
    assert programmes_of(imported_case) == {"calvados-social-recovery"}
    assert programmes_of(other_text) == {"interreg-atlantic-area"}
    assert not hasattr(CaseStudyPage.objects.get(pk=shared.pk), "programme")

    # Each programme was made once, live, with its titles and paths in both languages, in a
    # sound page tree (one index under home, the programmes under it).
    assert ProgrammeIndexPage.objects.count() == 1
    index = ProgrammeIndexPage.objects.get()
    assert index.get_parent().pk == home.pk
    programmes = ProgrammePage.objects.all()
    assert programmes.count() == 5
    assert all(page.get_parent().pk == index.pk for page in programmes)
    assert Page.find_problems() == ([], [], [], [], [])
    territoires = ProgrammePage.objects.get(slug="territoires-partages")
    assert territoires.title_fr == "Territoires partagés"
    assert territoires.live
    ccare = ProgrammePage.objects.get(slug="c-care")
    assert ccare.title_en.startswith("C-CARE")
    assert ccare.title_fr == "C-CARE : Covid Channel Area Response Exchange"

    for language in ("en", "fr"):
        response = client.get(f"/{language}/programmes/territoires-partages/")
        assert response.status_code == 200, language
        assert "Territoires partagés" in response.content.decode()
    response = client.get("/fr/programmes/c-care/")
    assert response.status_code == 200
    assert "C-CARE : Covid Channel Area Response Exchange" in response.content.decode()
