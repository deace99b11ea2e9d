"""Building searchable resources for the search page tests."""

import datetime

from django.core.files.base import ContentFile

from hub.models import HubDocument, Partner, Place, ResourceDocument, ResourcePage, Theme


def add_resource(
    home,
    slug,
    *,
    title_en="",
    title_fr="",
    summary_en="",
    summary_fr="",
    kind="publication",
    themes=(),
    partners=(),
    countries=(),
    documents=(),
    in_english=True,
    in_french=True,
    date=datetime.date(2022, 5, 1),
):
    """A published resource; ``documents`` is a list of (file name, bytes, language)."""
    page = ResourcePage(
        title=title_en or title_fr,
        title_en=title_en,
        title_fr=title_fr,
        slug=slug,
        slug_en=slug,
        slug_fr=slug,
        summary_en=summary_en,
        summary_fr=summary_fr,
        kind=kind,
        date=date,
        in_english=in_english,
        in_french=in_french,
    )
    home.add_child(instance=page)
    page.themes.set(Theme.objects.filter(slug__in=themes))
    page.partners.set(Partner.objects.filter(slug__in=partners))
    page.places.set(Place.objects.filter(slug__in=[c.lower() for c in countries]))
    for name, data, language in documents:
        document = HubDocument.objects.create(
            title=name, file=ContentFile(data, name=name), language=language
        )
        ResourceDocument.objects.create(page=page, document=document)
    page.save_revision().publish()
    return page
