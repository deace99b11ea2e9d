"""Open data: the library, the programmes and their indicators as flat records (CSV, JSON, XLSX)
and the DCAT-AP catalogue describing them (programmes.dcat)."""


def _decimal(value):
    return str(value) if value is not None else None


def _date(value):
    return value.isoformat() if value else None


def indicator_row(programme, indicator, lang=None):
    """One indicator as a flat record: both languages' label and note, its figures as text
    (exact decimals), its unit (money units are the currency's ISO code)."""
    return {
        "programme": programme.slug,
        "label_en": indicator.label_en or "",
        "label_fr": indicator.label_fr or "",
        "value": _decimal(indicator.value),
        "unit": indicator.unit,
        "kind": indicator.kind,
        "baseline": _decimal(indicator.baseline),
        "target": _decimal(indicator.target),
        "period_start": _date(indicator.period_start),
        "period_end": _date(indicator.period_end),
        "partner": indicator.partner.slug if indicator.partner_id else "",
        "place": indicator.place.slug if indicator.place_id else "",
        "theme": indicator.theme.slug if indicator.theme_id else "",
        "source_document": indicator.source_document_id,
        "source_page": indicator.source_page,
        "note_en": indicator.note_en or "",
        "note_fr": indicator.note_fr or "",
    }
