"""A language's slug left empty is made from that language's title, on the server: an editor
whose browser ran no script (or who pasted the title and saved at once) gets a French address
from the French title, not the English one."""

from django.urls import reverse

from .helpers import toolkit_form_data


def test_an_empty_french_slug_is_made_from_the_french_title(client, world):
    from toolkits.models import ToolkitPage

    client.force_login(world.kent_editor)
    url = reverse("wagtailadmin_pages:add", args=["toolkits", "toolkitpage", world.toolkits.pk])
    data = toolkit_form_data(
        title_en="Community grocery round",
        slug_en="community-grocery-round",
        title_fr="L'épicerie de la tournée",
        slug_fr="",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    page = ToolkitPage.objects.get(slug_en="community-grocery-round")
    assert page.slug_fr == "l-epicerie-de-la-tournee"


def test_a_slug_the_editor_wrote_is_kept(client, world):
    from toolkits.models import ToolkitPage

    client.force_login(world.kent_editor)
    url = reverse("wagtailadmin_pages:add", args=["toolkits", "toolkitpage", world.toolkits.pk])
    data = toolkit_form_data(
        title_en="Round", slug_en="round", title_fr="Tournée", slug_fr="ma-tournee"
    )
    assert client.post(url, data).status_code == 302
    assert ToolkitPage.objects.get(slug_en="round").slug_fr == "ma-tournee"
