"""Case studies' key figures and town-centre plans' indicators become records.

Before, a case study kept its figures in a ``key_figures`` block of its body (a figure was text:
"373", "96 %", "572 389 €") and a town-centre plan its indicators in an ``indicators`` block
(name, free-text unit, baseline, target, latest value), once per language. Each becomes a
``ResourceIndicator`` of its page, in both languages:

- the English and the French block are read side by side; the n-th figure of one and the n-th
  of the other make one record (label_en, label_fr) when they say the same number, two records
  (one per language) when they do not, so nothing is lost;
- a figure's text gives its value, and its unit when it shows one (%, €, £; "million");
  otherwise the unit is read from what it counts ("apprenticeship opportunities" are
  opportunities), else "other". Text that is more than a number ("more than 200") is kept in
  the note, as is a figure's source;
- a town-centre plan's unit becomes a unit when it names one (%, €, £, people...), else "other"
  with the words kept in ``unit_name`` in each language;
- a case study's figure that one of its programmes already counts (same value, and the same
  unit when the text gives one) is linked to that indicator (``same_as``), so the impact page
  counts it once, and takes its unit, partner, place and theme;
- the blocks are removed from the body (every language column) and from every revision of the
  page, whose ``indicators`` get the same records (the live one with their ids), so an editor
  opening a draft finds the figures, and publishing it keeps them.

The block headings ("Key figures", "Chiffres clés") are not kept: the page now titles the
section itself in the reader's language.

The block definitions are removed afterwards, by case_studies 0003 and toolkits 0002.
"""

import json
import re
from decimal import Decimal, InvalidOperation

from django.db import migrations

# Frozen at the time of this migration: words that name a unit (English and French).
UNIT_WORDS = [
    ("opportunities", ("opportunit", "apprenticeship place", "places d'apprentissage")),
    ("businesses", ("business", "entreprise", "compan", "firm")),
    ("organisations", ("organisation", "organization", "charit", "association")),
    ("people", ("people", "person", "individual", "personne", "participant", "jobseeker")),
    ("programmes", ("programme", "program")),
    ("plans", ("plan",)),
    ("payments", ("payment", "paiement", "versement")),
    ("requests", ("request", "demande")),
    ("events", ("event", "workshop", "événement", "atelier")),
    ("places", ("places", "seat")),
]
UNITS = {
    "%": "percent",
    "percent": "percent",
    "per cent": "percent",
    "pour cent": "percent",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "livres": "GBP",
    "people": "people",
    "personnes": "people",
    "businesses": "businesses",
    "entreprises": "businesses",
    "places": "places",
    "plans": "plans",
    "events": "events",
}
# "€1.5m", "1,5 M€", "2 million", "3k" ("m²" is not a million: ² is a word character).
MULTIPLIERS = [
    (re.compile(r"(?:\d\s*|\b)(?:milliards?|billions?|bn)\b", re.I), Decimal(10) ** 9),
    (re.compile(r"(?:\d\s*|\b)(?:millions?|mn|m)\b", re.I), Decimal(10) ** 6),
    (re.compile(r"\d\s*k\b|\bthousand\b|\bmille\b", re.I), Decimal(1000)),
]
NUMBER = re.compile(r"\d[\d\s\u00a0\u202f,.']*")
# What may stand beside the number for the text to be "just a figure".
PLAIN = re.compile(
    r"^(?:[\s\u00a0\u202f%€£+]|\b(?:eur|euros?|gbp|k|mn|m|bn|millions?|milliards?|of|d'euros)\b)*$",
    re.I,
)
FIELDS = ("body", "body_en", "body_fr")
DEFAULTS = {
    "target_unit": "",
    "period_start": None,
    "period_end": None,
    "partner": None,
    "place": None,
    "theme": None,
    "source_document": None,
    "source_page": None,
    "key_figure": False,
    "programme": None,
    "same_as": None,
}


def _number(text):
    """The number in ``text`` ("2,407", "572 389", "1,5", "6.7") as a Decimal, or None."""
    found = NUMBER.search(text or "")
    if not found:
        return None, ""
    raw = re.sub(r"[\s\u00a0\u202f']", "", found.group(0)).rstrip(",.")
    if "," in raw and "." in raw:
        decimal_mark = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    elif "," in raw:
        raw = (
            raw.replace(",", "")
            if re.fullmatch(r"\d{1,3}(,\d{3})+", raw)
            else raw.replace(",", ".")
        )
    elif re.fullmatch(r"\d{1,3}(\.\d{3})+", raw):
        raw = raw.replace(".", "")
    try:
        return Decimal(raw), found.group(0)
    except InvalidOperation:
        return None, ""


def _decimal(value):
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _unit_from_words(*labels):
    for label in labels:
        folded = (label or "").casefold()
        for unit, words in UNIT_WORDS:
            if any(word in folded for word in words):
                return unit
    return None


def parse_figure(text):
    """(value, unit shown by the text or None, whether the text is only that figure)."""
    value, number_text = _number(text)
    if value is None:
        return None, None, False
    rest = (text or "").replace(number_text, " ", 1)
    unit = None
    if "%" in text:
        unit = "percent"
    elif "€" in text or re.search(r"\beur", text, re.I):
        unit = "EUR"
    elif "£" in text or re.search(r"\bgbp\b|\bpounds?\b", text, re.I):
        unit = "GBP"
    for pattern, factor in MULTIPLIERS:
        if pattern.search(text):
            value *= factor
            break
    return value, unit, bool(PLAIN.match(rest))


def _items(stream, block_type, list_name):
    """The items of every ``block_type`` block of a raw stream, in order."""
    found = []
    for block in stream:
        if block.get("type") != block_type:
            continue
        for item in (block.get("value") or {}).get(list_name) or []:
            # ListBlock items are {"type": "item", "value": ..., "id": ...} since Wagtail 2.16.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            found.append(item or {})
    return found


def _raw(value):
    """A stream as stored (a page's StreamValue, or a revision's JSON text) as a list."""
    if value is None:
        return []
    if isinstance(value, str):
        return json.loads(value) if value.strip() else []
    if hasattr(value, "raw_data"):
        return [dict(block) for block in value.raw_data]
    return list(value)


def _case_study_figure(item, lang):
    text = str(item.get("value") or "").strip()
    label = str(item.get("label") or "").strip()
    value, unit, plain = parse_figure(text)
    notes = []
    if not plain or value is None:
        notes.append(
            ("As first written: “%s”" if lang == "en" else "Écrit d'abord : « %s »") % text
        )
    source = str(item.get("source") or "").strip()
    if source:
        notes.append(("Source: %s" if lang == "en" else "Source : %s") % source)
    return {
        "value": value,
        "unit": unit,
        "label": label,
        "note": "; ".join(notes),
        "unit_name": "",
        "baseline": None,
        "target": None,
        "kind": "output",
    }


def _plan_indicator(item, lang):
    unit_text = str(item.get("unit") or "").strip()
    unit = UNITS.get(unit_text.casefold())
    return {
        "value": _decimal(item.get("current")),
        "unit": unit or "other",
        "unit_name": "" if unit else unit_text,
        "label": str(item.get("name") or "").strip(),
        "note": "",
        "baseline": _decimal(item.get("baseline")),
        "target": _decimal(item.get("target")),
        "kind": "result",
    }


KINDS = {
    # model: (block type, its list, how an item reads)
    ("case_studies", "CaseStudyPage"): ("key_figures", "figures", _case_study_figure),
    ("toolkits", "TownCentrePlanPage"): ("indicators", "indicators", _plan_indicator),
}


def _same(a, b):
    return all(a[key] == b[key] for key in ("value", "unit", "baseline", "target"))


def records_from(streams, kind):
    """The records (dicts of field values) that the streams of one page, or one revision,
    hold: {"en": stream, "fr": stream, "": stream of the untranslated column}."""
    block_type, list_name, read = KINDS[kind]
    by_lang = {}
    for lang in ("en", "fr"):
        items = _items(streams.get(lang, []), block_type, list_name)
        if not items and lang == "en":
            items = _items(streams.get("", []), block_type, list_name)
        by_lang[lang] = [read(item, lang) for item in items]
    en, fr = by_lang["en"], by_lang["fr"]
    records = []
    for position in range(max(len(en), len(fr))):
        one = en[position] if position < len(en) else None
        other = fr[position] if position < len(fr) else None
        if one and other and _same(one, other):
            records.append({"en": one, "fr": other})
        else:
            if one:
                records.append({"en": one})
            if other:
                records.append({"fr": other})
    rows = []
    for pair in records:
        first = pair.get("en") or pair.get("fr")
        unit = first["unit"] or _unit_from_words(
            *(pair[lang]["label"] for lang in ("en", "fr") if lang in pair)
        )
        row = {
            "value": first["value"],
            "unit": unit or "other",
            "unit_guessed": first["unit"] is None,
            "kind": first["kind"],
            "baseline": first["baseline"],
            "target": first["target"],
        }
        for lang in ("en", "fr"):
            part = pair.get(lang) or {}
            for field in ("label", "note", "unit_name"):
                row[f"{field}_{lang}"] = part.get(field, "")
        for field in ("label", "note", "unit_name"):
            row[field] = row[f"{field}_en"] or row[f"{field}_fr"]
        rows.append(row)
    return rows


def _strip(stream, block_type):
    return [block for block in stream if block.get("type") != block_type]


def _match(row, programme_indicators):
    """The one indicator of the page's programmes that counts the same figure, if any."""
    if row["value"] is None:
        return None
    found = [
        indicator
        for indicator in programme_indicators
        if indicator.value == row["value"]
        and (row["unit_guessed"] or indicator.unit == row["unit"])
    ]
    return found[0] if len(found) == 1 else None


def _serialised(page_pk, order, row, pk=None):
    data = {"pk": pk, "page": page_pk, "sort_order": order, **DEFAULTS}
    for key, value in row.items():
        if key == "unit_guessed":
            continue
        data[key] = str(value) if isinstance(value, Decimal) else value
    return data


def _link(row, indicators, kind):
    """A case study's figure that one of its programmes counts: linked (same_as), with that
    indicator's unit, partner, place and theme."""
    same = _match(row, indicators) if kind[1] == "CaseStudyPage" else None
    if same is not None:
        row.update(same_as=same.pk, unit=same.unit, partner=same.partner_id)
        row.update(place=same.place_id, theme=same.theme_id)
    return row


def _columns(row):
    fields = {k: v for k, v in row.items() if k != "unit_guessed"}
    for name in ("same_as", "partner", "place", "theme"):
        if name in fields:
            fields[f"{name}_id"] = fields.pop(name)
    return fields


def forwards(apps, schema_editor):
    ResourceIndicator = apps.get_model("programmes", "ResourceIndicator")
    ProgrammeIndicator = apps.get_model("programmes", "ProgrammeIndicator")
    Revision = apps.get_model("wagtailcore", "Revision")
    ContentType = apps.get_model("contenttypes", "ContentType")
    ResourcePage = apps.get_model("hub", "ResourcePage")
    through = ResourcePage.programmes.through
    page_type = ContentType.objects.filter(app_label="wagtailcore", model="page").first()
    for kind, (block_type, list_name, _read) in KINDS.items():
        model = apps.get_model(*kind)
        for page in model.objects.all().iterator():
            streams = {"en": _raw(page.body_en), "fr": _raw(page.body_fr), "": _raw(page.body)}
            has_blocks = any(_items(s, block_type, list_name) for s in streams.values())
            programme_ids = through.objects.filter(resourcepage_id=page.pk).values_list(
                "programmepage_id", flat=True
            )
            indicators = list(ProgrammeIndicator.objects.filter(programme_id__in=programme_ids))
            start = ResourceIndicator.objects.filter(page_id=page.pk).count()
            saved = []
            for order, row in enumerate(records_from(streams, kind), start=start):
                row = _link(row, indicators, kind)
                record = ResourceIndicator.objects.create(
                    page_id=page.pk, sort_order=order, **_columns(row)
                )
                saved.append(_serialised(page.pk, order, row, pk=record.pk))
            if has_blocks:
                model.objects.filter(pk=page.pk).update(
                    **{
                        field: _strip(streams[field[5:] if "_" in field else ""], block_type)
                        for field in FIELDS
                    }
                )
            # The revision the page's row was saved from gets the records themselves.
            current = page.live_revision_id if page.live else page.latest_revision_id
            revisions = Revision.objects.filter(object_id=str(page.pk))
            if page_type is not None:
                revisions = revisions.filter(base_content_type_id=page_type.pk)
            for revision in revisions.iterator():
                content = revision.content or {}
                found = {lang: _raw(content.get(f"body_{lang}")) for lang in ("en", "fr")}
                found[""] = _raw(content.get("body"))
                blocks_here = any(_items(s, block_type, list_name) for s in found.values())
                if revision.pk == current and saved:
                    children = saved
                elif blocks_here:
                    children = [
                        _serialised(page.pk, order, _link(row, indicators, kind))
                        for order, row in enumerate(records_from(found, kind), start=start)
                    ]
                else:
                    continue
                content["indicators"] = list(content.get("indicators") or []) + children
                for field in FIELDS:
                    if blocks_here and field in content:
                        lang = field[5:] if "_" in field else ""
                        stripped = _strip(found[lang], block_type)
                        was_text = isinstance(content[field], str)
                        content[field] = json.dumps(stripped) if was_text else stripped
                revision.content = content
                revision.save(update_fields=["content"])


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0003_indicator_unit_name_and_same_as"),
        ("case_studies", "0002_remove_free_text_programme"),
        ("toolkits", "0001_initial"),
        ("hub", "0012_resourcepage_programmes"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
