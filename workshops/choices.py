"""Choices and helpers shared by the models and the public forms; imports nothing of the app."""

import hashlib

from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [("en", "English"), ("fr", "Français")]
NOTE_LANGUAGE_CHOICES = [("", _("Not specified"))] + LANGUAGE_CHOICES


def normalise_email(value):
    return (value or "").strip().lower()


def digest(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
