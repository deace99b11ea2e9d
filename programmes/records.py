"""Programme figures as flat records (the open data's rows, the API's ``indicators`` field):
exact decimals and dates as text, both languages side by side. Below the models: it reads the
records it is given and imports none."""


def decimal_text(value):
    """Exact decimals as text, without trailing zeros ("2407", "0.5")."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    return text


def date_text(value):
    return value.isoformat() if value else None


def indicator_row(programme, indicator, lang=None, resource=None):
    """One indicator as a flat record: both languages' label and note, its figures as text
    (exact decimals), its unit (money units are the currency's ISO code; "other" says what it
    counts in ``unit_name_*``). A resource's figure also names its page and, when the programme
    already counts it, that indicator (``same_as``): add those up only once."""
    return {
        "programme": programme.slug if programme is not None else "",
        "resource": resource.pk if resource is not None else None,
        "label_en": indicator.label_en or "",
        "label_fr": indicator.label_fr or "",
        "value": decimal_text(indicator.value),
        "unit": indicator.unit,
        "unit_name_en": indicator.unit_name_en or "",
        "unit_name_fr": indicator.unit_name_fr or "",
        "kind": indicator.kind,
        "baseline": decimal_text(indicator.baseline),
        "target": decimal_text(indicator.target),
        "period_start": date_text(indicator.period_start),
        "period_end": date_text(indicator.period_end),
        "partner": indicator.partner.slug if indicator.partner_id else "",
        "place": indicator.place.slug if indicator.place_id else "",
        "theme": indicator.theme.slug if indicator.theme_id else "",
        "source_document": indicator.source_document_id,
        "source_page": indicator.source_page,
        "note_en": indicator.note_en or "",
        "note_fr": indicator.note_fr or "",
        "id": f"{'resource' if resource is not None else 'programme'}-{indicator.pk}",
        "same_as": f"programme-{indicator.same_as_id}"
        if getattr(indicator, "same_as_id", None)
        else "",
    }


def resource_indicator_row(page, indicator, programmes=None):
    """A resource's figure as a flat record; its programme is the one it names, else the
    resource's first (``programmes``: {pk: programme}, read from the page without it)."""
    if programmes is None:
        programmes = {p.pk: p for p in page.programmes.all()}
    if indicator.programme_id:
        programme = indicator.programme
    else:
        programme = next(iter(programmes.values()), None)
    return indicator_row(programme, indicator, resource=page)
