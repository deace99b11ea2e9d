"""Open data: the library, the programmes and their indicators as flat records (CSV, JSON, XLSX)
and the DCAT-AP catalogue describing them (programmes.dcat)."""

from .records import date_text, decimal_text, indicator_row, resource_indicator_row

# The licence of the open data: the hub's content licence (hub.browse.jsonld.LICENCE_URLS).
LICENCE_NAME = "Creative Commons Attribution 4.0 (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
# The same licence in the EU's authority table, as DCAT-AP harvesters expect it.
LICENCE_EU = "http://publications.europa.eu/resource/authority/licence/CC_BY_4_0"

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "CSV"),
    "json": ("application/json", "JSON"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
}


def _join(values):
    return ";".join(value for value in values if value)


def _urls(page, request):
    from django.utils import translation

    from hub.links import page_url

    found = {}
    for code in ("en", "fr"):
        with translation.override(code):
            found[code] = page_url(page, request)
    return found


def resource_rows(request):
    """Every live public resource of the library (workshops included), with its programmes,
    themes, partners and places by slug: a constant number of queries."""
    from hub.models import Partner, Place, ResourcePage, Theme
    from hub.visibility import public

    from .models import ProgrammePage

    pages = list(
        public(ResourcePage.objects.live())
        .order_by("-date", "pk")
        .only(
            "pk",
            "title_en",
            "title_fr",
            "summary_en",
            "summary_fr",
            "kind",
            "date",
            "in_english",
            "in_french",
            "licence",
            "url_path",
            "url_path_en",
            "url_path_fr",
            "slug",
            "slug_en",
            "slug_fr",
            "depth",
            "path",
            "content_type",
        )
    )
    pks = {page.pk for page in pages}
    slugs = {
        "themes": dict(Theme.objects.values_list("pk", "slug")),
        "partners": dict(Partner.objects.values_list("pk", "slug")),
        "places": dict(Place.objects.values_list("pk", "slug")),
        "programmes": dict(ProgrammePage.objects.live().values_list("pk", "slug")),
    }
    links = {name: {} for name in slugs}
    targets = {
        "themes": "theme_id",
        "partners": "partner_id",
        "places": "place_id",
        "programmes": "programmepage_id",
    }
    for name, target in targets.items():
        through = getattr(ResourcePage, name).through
        for page_pk, target_pk in through.objects.values_list("resourcepage_id", target):
            if page_pk in pks and target_pk in slugs[name]:
                links[name].setdefault(page_pk, []).append(slugs[name][target_pk])
    rows = []
    for page in pages:
        urls = _urls(page, request)
        rows.append(
            {
                "id": page.pk,
                "kind": page.kind,
                "title_en": page.title_en or "",
                "title_fr": page.title_fr or "",
                "summary_en": page.summary_en or "",
                "summary_fr": page.summary_fr or "",
                "date": date_text(page.date),
                "in_english": page.in_english,
                "in_french": page.in_french,
                "licence": page.licence,
                "programmes": _join(sorted(links["programmes"].get(page.pk, []))),
                "themes": _join(sorted(links["themes"].get(page.pk, []))),
                "partners": _join(sorted(links["partners"].get(page.pk, []))),
                "places": _join(sorted(links["places"].get(page.pk, []))),
                "url_en": urls["en"],
                "url_fr": urls["fr"],
            }
        )
    return rows


def _programmes():
    from django.db.models import prefetch_related_objects

    from .models import live_programmes

    programmes = list(live_programmes())
    prefetch_related_objects(programmes, "funders", "partners", "places", "themes")
    return programmes


def programme_rows(request):
    """Every live programme: its dates, budget in its currency, partners, and its funders as
    ``name: amount currency`` (never added up across currencies)."""
    rows = []
    for page in _programmes():
        urls = _urls(page, request)
        rows.append(
            {
                "slug": page.slug,
                "acronym": page.acronym,
                "title_en": page.title_en or "",
                "title_fr": page.title_fr or "",
                "funding_scheme_en": page.funding_scheme_en or "",
                "funding_scheme_fr": page.funding_scheme_fr or "",
                "total_budget": decimal_text(page.total_budget),
                "budget_currency": page.budget_currency if page.total_budget is not None else "",
                "start_date": date_text(page.start_date),
                "end_date": date_text(page.end_date),
                "lead_partner": page.lead_partner.slug if page.lead_partner_id else "",
                "partners": _join(p.slug for p in page.all_partners()),
                "places": _join(p.slug for p in page.places.all()),
                "themes": _join(t.slug for t in page.themes.all()),
                "funders": _join(
                    f"{f.name_en or f.name}: {decimal_text(f.amount)} {f.currency}"
                    if f.amount is not None
                    else (f.name_en or f.name)
                    for f in page.funders.all()
                ),
                "url_en": urls["en"],
                "url_fr": urls["fr"],
            }
        )
    return rows


def indicator_rows(request):
    """Every indicator of every live programme, then every figure of a live public resource
    (case studies' key figures, town-centre plans' indicators) with its page (``resource``)
    and, when its programme already counts it, that indicator (``same_as``): a constant
    number of queries."""
    from .models import ProgrammeIndicator
    from .models.indicators import public_resource_figures

    programmes = {p.pk: p for p in _programmes()}
    indicators = (
        ProgrammeIndicator.objects.filter(programme_id__in=programmes)
        .select_related("partner", "place", "theme")
        .order_by("programme_id", "sort_order", "pk")
    )
    rows = [indicator_row(programmes[i.programme_id], i) for i in indicators]
    for figure, theirs in public_resource_figures(programmes):
        rows.append(resource_indicator_row(figure.page, figure, theirs))
    return rows


def last_changed(name=None):
    """When the content dataset ``name`` is made from last changed (all of them: None): the
    latest publication of a live public resource (the library) or programme (the programmes
    and their indicators), an aware datetime, or None when there is none.

    The downloads and the catalogue give this as their date, never the time they are made, so
    the same content gives the same bytes (the archive edition rewrites only what changed, and
    a harvester sees a new date only when there is something new)."""
    from django.db.models import Max

    from hub.models import ResourcePage
    from hub.models.base import public

    from .models import ProgrammePage

    models = {"resources": (ResourcePage,), "programmes": (ProgrammePage,)}
    models["indicators"] = models["programmes"]
    found = [
        public(model.objects.live()).aggregate(latest=Max("last_published_at"))["latest"]
        for model in models.get(name, (ResourcePage, ProgrammePage))
    ]
    found = [value for value in found if value is not None]
    return max(found) if found else None


DATASETS = {
    "resources": resource_rows,
    "programmes": programme_rows,
    "indicators": indicator_rows,
}
