"""schema.org JSON-LD of a programme: a Project (an Organization) with its funders (``funder``),
each grant (``funding``, a MonetaryGrant with its amount in its own currency), its members and
its places."""

from hub.i18n import translated
from hub.links import page_url


def _text(obj, field):
    return str(translated(obj, field))


def _organisation(partner, request):
    from hub.browse.wayfinding import partner_url

    data = {"@type": "Organization", "name": _text(partner, "name")}
    url = partner_url(request, partner)
    if url:
        data["url"] = request.build_absolute_uri(url) if request is not None else url
    if partner.website:
        data["sameAs"] = partner.website
    return data


def programme_structured_data(page, request=None):
    funders, grants = [], []
    for funder in page.funders.all():
        organisation = {"@type": "Organization", "name": _text(funder, "name")}
        if funder.url:
            organisation["url"] = funder.url
        funders.append(organisation)
        if funder.amount is not None:
            grants.append(
                {
                    "@type": "MonetaryGrant",
                    "funder": organisation,
                    "amount": {
                        "@type": "MonetaryAmount",
                        "value": float(funder.amount),
                        "currency": funder.currency,
                    },
                }
            )
    data = {
        "@context": "https://schema.org",
        "@type": ["Project", "Organization"],
        "name": _text(page, "title"),
        "alternateName": page.acronym,
        "description": _text(page, "summary"),
        "url": page_url(page, request),
        "foundingDate": page.start_date.isoformat() if page.start_date else None,
        "dissolutionDate": page.end_date.isoformat() if page.end_date else None,
        "funder": funders,
        "funding": grants,
        "member": [_organisation(p, request) for p in page.all_partners()],
        "areaServed": [{"@type": "Place", "name": str(place)} for place in page.places.all()],
        "sameAs": page.website,
    }
    if page.lead_partner_id:
        data["parentOrganization"] = _organisation(page.lead_partner, request)
    return {key: value for key, value in data.items() if value not in ("", [], None)}
