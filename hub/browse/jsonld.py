"""schema.org JSON-LD for resources, serialised so it is safe inside a <script> element."""

import json

from django.utils.safestring import mark_safe

from ..i18n import current_language, translated
from ..links import absolute, page_url

LICENCE_URLS = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "ogl-3.0": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    "etalab-2.0": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}


def _text(obj, field_name):
    return str(translated(obj, field_name))


def resource_structured_data(page, request=None):
    lang = current_language()
    data = {
        "@context": "https://schema.org",
        "@type": page.schema_type,
        "name": _text(page, "title"),
        "headline": _text(page, "title"),
        "description": _text(page, "summary"),
        "url": page_url(page, request),
        "inLanguage": page.languages or [lang],
        "about": [_text(t, "name") for t in page.themes.all()],
        "contributor": [
            {"@type": "Organization", "name": _text(p, "name")} for p in page.partners.all()
        ],
        "spatialCoverage": [{"@type": "Place", "name": str(place)} for place in page.places.all()],
    }
    programmes = [
        {"@type": "Project", "name": _text(p, "title"), "url": page_url(p, request)}
        for p in page.programmes.all()
        if p.live
    ]
    if programmes:
        data["isPartOf"] = programmes
    if page.date:
        data["datePublished"] = page.date.isoformat()
    if page.last_published_at:
        data["dateModified"] = page.last_published_at.isoformat()
    if page.licence in LICENCE_URLS:
        data["license"] = LICENCE_URLS[page.licence]
    documents = []
    for link in page.public_document_links():
        doc = link.document
        url = absolute(doc.url, request)
        documents.append(
            {
                "@type": "MediaObject",
                "name": doc.title,
                "contentUrl": url,
                "encodingFormat": doc.file_extension.lower(),
                "inLanguage": doc.language,
            }
        )
    if documents:
        data["associatedMedia"] = documents
    if page.legacy_url:
        data["sameAs"] = page.legacy_url
    data.update(page.extra_structured_data(request))
    # Drop empty values: consumers treat "" and [] as statements.
    return {key: value for key, value in data.items() if value not in ("", [], None)}


def dumps_for_script(data):
    """JSON that cannot close its <script> element nor open a comment inside it."""
    text = json.dumps(data, ensure_ascii=False, indent=None, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return mark_safe(text)  # noqa: S308 - every markup character is escaped above
