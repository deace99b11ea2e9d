"""Every public string is in the French catalogue, and the catalogue follows French typography.

The templates' strings are read with the same forms Django's ``makemessages`` reads
(``{% translate %}``, ``_()`` arguments, ``{% blocktranslate %}`` with ``trimmed``, ``count``
and ``context``), so a string added to a template without its French is caught here.
"""

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from hub.typography import typeset

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "locale" / "fr" / "LC_MESSAGES" / "django.po"
PUBLIC_TEMPLATES = [
    p for p in (ROOT / "templates").rglob("*") if p.suffix in {".html", ".txt", ".xml"}
]

TRANSLATE = re.compile(
    r"""\{%\s*(?:translate|trans)\s+(?P<q>["'])(?P<id>.*?)(?P=q)(?:\s+context\s+(["'])(?P<ctx>.*?)\4)?"""
)
UNDERSCORE = re.compile(r"""_\((?P<q>["'])(?P<id>.*?)(?P=q)\)""")
BLOCK = re.compile(
    r"\{%\s*(?:blocktranslate|blocktrans)(?P<args>[^%]*)%\}(?P<body>.*?)"
    r"\{%\s*(?:endblocktranslate|endblocktrans)\s*%\}",
    re.S,
)
VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _catalogue():
    with open(PO, "rb") as handle:
        return read_po(handle, locale="fr")


def _block_ids(args, body):
    parts = re.split(r"\{%\s*plural\s*%\}", body)
    if "trimmed" in args.split():
        parts = [" ".join(part.split()) for part in parts]
    parts = [VARIABLE.sub(r"%(\1)s", part.replace("%", "%%")) for part in parts]
    context = re.search(r"""context\s+(["'])(.*?)\1""", args)
    return parts, context[2] if context else None


def template_strings():
    """(template, msgid or (singular, plural), context) of every translatable template string."""
    for path in PUBLIC_TEMPLATES:
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(ROOT))
        for match in TRANSLATE.finditer(text):
            yield name, match["id"], match["ctx"]
        for match in UNDERSCORE.finditer(text):
            yield name, match["id"], None
        for match in BLOCK.finditer(text):
            parts, context = _block_ids(match["args"], match["body"])
            yield name, parts[0] if len(parts) == 1 else tuple(parts), context


def test_every_template_string_has_its_french():
    catalogue = _catalogue()
    missing = []
    for name, msgid, context in template_strings():
        key = msgid[0] if isinstance(msgid, tuple) else msgid
        message = catalogue.get(key, context=context)
        if message is None or not message.string or not any(message.string):
            missing.append(f"{name}: {msgid!r}")
    assert not missing, f"{len(missing)} string(s) without French:\n" + "\n".join(missing)


@pytest.mark.parametrize("lang", ["fr"])
def test_the_french_catalogue_follows_french_typography(lang):
    wrong = []
    for message in _catalogue():
        if not message.id:  # the header
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for string in strings:
            if string and typeset(string, lang) != string:
                wrong.append(f"{string!r} should be {typeset(string, lang)!r}")
    assert not wrong, "no-break spaces missing (: ; ? ! % « »):\n" + "\n".join(wrong)


def test_typeset():
    assert typeset("Disponible en: English", "fr") == "Disponible en\u00a0: English"
    assert typeset("Pourquoi ? « Oui »", "fr") == "Pourquoi\u202f? «\u00a0Oui\u00a0»"
    assert typeset("96 %", "fr") == "96\u202f%"
    assert typeset("see https://example.org/?q=1 at 10:30", "fr") == (
        "see https://example.org/?q=1 at 10:30"
    )
    assert typeset("96 % of people", "en") == "96% of people"
