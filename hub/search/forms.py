"""The search box's input, made safe: any text a visitor can type becomes a short, clean query
(``hub.search.text.clean_query``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .text import clean_query, is_truncated


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
        return is_truncated(self.data.get("q"))
