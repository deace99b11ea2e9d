"""Wagtail's admin page search (an autocomplete) finds pages by their French title."""

from hub.models import StandardPage


def test_admin_search_finds_page_by_french_title(
    home, admin_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage(
            title_en="Town centre renewal",
            title_fr="Rénovation des centres-villes",
            slug_en="renewal",
            slug_fr="renovation",
        )
        page.title = page.title_en
        page.slug = page.slug_en
        home.add_child(instance=page)
        page.save_revision().publish()

    edit_url = f"/admin/pages/{page.pk}/edit/"
    for query in ("Rénovation", "renovation", "renov", "centres-villes"):
        response = admin_client.get("/admin/pages/search/", {"q": query})
        assert response.status_code == 200
        assert edit_url in response.content.decode(), query

    response = admin_client.get("/admin/pages/search/", {"q": "zythum"})
    assert edit_url not in response.content.decode()


def test_page_search_by_french_summary_word_form(home, django_capture_on_commit_callbacks):
    from wagtail.models import Page

    with django_capture_on_commit_callbacks(execute=True):
        page = StandardPage(
            title_en="Skills", slug_en="skills", summary_fr="Les apprentissages numériques"
        )
        page.title, page.slug = page.title_en, page.slug_en
        home.add_child(instance=page)
        page.save_revision().publish()
    assert [p.pk for p in Page.objects.search("apprentissage numerique")] == [page.pk]
