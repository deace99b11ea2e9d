"""Typography per language: French no-break spaces, English number formats.

French puts a no-break space before ``: ; ? !`` and ``%`` and inside « », so that a line never
starts with the sign; English writes ``96%`` with no space. ``typeset`` applies these to a
short text written by an editor (a key figure, a label); the interface's own strings carry
them in the catalogue (locale/fr/LC_MESSAGES/django.po), checked by tests/site.
"""

import re

NBSP = "\u00a0"  # before ":" and inside « »
NNBSP = "\u202f"  # narrow no-break space: before ; ? ! and %

_SPACE = r"[ \u00a0\u202f]"
# A sign after a word or a closing mark (not "http://", "10:30" or "?q=").
_FRENCH_SIGN = re.compile(rf"(?<=[\w)\]»%…*]){_SPACE}?([;?!])(?=\s|$|[)\]»<])")
_FRENCH_COLON = re.compile(rf"(?<=[\w)\]»%…*]){_SPACE}?:(?=\s|$|<)")
_FRENCH_PERCENT = re.compile(rf"(?<=\d){_SPACE}?%")
_OPEN_QUOTE = re.compile(rf"«{_SPACE}?")
_CLOSE_QUOTE = re.compile(rf"{_SPACE}?»")
_ENGLISH_PERCENT = re.compile(rf"(?<=\d){_SPACE}+%")


def typeset(text, lang):
    """``text`` with the spacing its language's typography asks for."""
    if not text:
        return text
    if (lang or "")[:2] == "fr":
        text = _FRENCH_COLON.sub(NBSP + ":", text)
        text = _FRENCH_SIGN.sub(lambda m: NNBSP + m[1], text)
        text = _FRENCH_PERCENT.sub(NNBSP + "%", text)
        text = _OPEN_QUOTE.sub("«" + NBSP, text)
        return _CLOSE_QUOTE.sub(NBSP + "»", text)
    return _ENGLISH_PERCENT.sub("%", text)
