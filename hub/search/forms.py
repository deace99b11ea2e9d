"""The search box's input, made safe: any text a visitor can type becomes a short, clean query."""

import re
import unicodedata

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_QUERY_LENGTH = 200
_WHITESPACE = re.compile(r"\s+")


def clean_query(raw):
    """Control and format characters removed, spaces collapsed, cut at MAX_QUERY_LENGTH."""
    text = (raw or "")[: MAX_QUERY_LENGTH * 10]
    text = "".join(
        " " if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp") else char
        for char in text
    )
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) > MAX_QUERY_LENGTH:
        text = text[:MAX_QUERY_LENGTH].rsplit(" ", 1)[0] or text[:MAX_QUERY_LENGTH]
    return text


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the hub"), required=False, strip=False)

    def clean_q(self):
        return clean_query(self.cleaned_data.get("q"))

    @property
    def query(self):
        if self.is_valid():
            return self.cleaned_data["q"]
        return ""

    @property
    def was_truncated(self):
        raw = self.data.get("q") or ""
        return len(raw.strip()) > MAX_QUERY_LENGTH
