"""Public forms: registration, "resend my link" and participants' notes.

Error messages say what to do, in the visitor's language; every field knows its help and
error ids so that templates can tie them to the input (aria-describedby, aria-invalid).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from hub.i18n import current_language

from .choices import LANGUAGE_CHOICES, NOTE_LANGUAGE_CHOICES


class AccessibleForm(forms.Form):
    """Adds aria-describedby (help and error) and aria-invalid to each widget after cleaning."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._describe()

    def full_clean(self):
        super().full_clean()
        self._describe()

    def _describe(self):
        errors = self._errors or {}
        for name, field in self.fields.items():
            widget_id = self.auto_id % self.add_prefix(name) if self.auto_id else name
            ids = []
            if field.help_text:
                ids.append(f"{widget_id}_helptext")
            if name in errors:
                ids.append(f"{widget_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            else:
                field.widget.attrs.pop("aria-invalid", None)
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)
            else:
                field.widget.attrs.pop("aria-describedby", None)

    def error_summary(self):
        """(anchor id, message) pairs in field order, for the summary at the top of the form."""
        items = []
        for name in self.fields:
            for message in self.errors.get(name, []):
                items.append((self.auto_id % self.add_prefix(name), message))
        items.extend((None, message) for message in self.non_field_errors())
        return items


class RegistrationForm(AccessibleForm):
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        max_length=254,
        help_text=_("We send your confirmation and your private link here."),
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the right format, like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = forms.CharField(
        label=_("Country (optional)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "country-name"}),
    )
    language = forms.ChoiceField(
        label=_("Language for our emails"),
        choices=LANGUAGE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose English or French for our emails.")},
    )
    needs = forms.CharField(
        label=_("Interpretation or accessibility needs (optional)"),
        max_length=2000,
        required=False,
        help_text=_("For example: interpretation into French, step-free access, captions."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent_privacy = forms.BooleanField(
        label=_(
            "I have read the privacy notice and agree that my details are used to organise "
            "this workshop."
        ),
        error_messages={"required": _("To register, tick the box to accept the privacy notice.")},
    )
    consent_show_name = forms.BooleanField(
        label=_("Show my name beside the notes I share after the workshop (optional)."),
        required=False,
    )
    # Hidden from people (CSS and aria-hidden); simple bots fill in every field they see.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = current_language()

    @property
    def is_bot(self):
        return bool(self.data.get("website"))

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter your full name."))
        return name


class ResendLinkForm(AccessibleForm):
    email = forms.EmailField(
        label=_("Email address you registered with"),
        max_length=254,
        error_messages={
            "required": _("Enter your email address."),
            "invalid": _("Enter an email address in the right format, like name@example.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )


class NoteForm(AccessibleForm):
    body = forms.CharField(
        label=_("Your note"),
        max_length=5000,
        help_text=_(
            "Plain text. You can use *italics*, **bold**, lists starting with “- ” and "
            "links written [text](https://…). A moderator reads every note before it is shown."
        ),
        error_messages={
            "required": _("Write your note before sending it."),
            "max_length": _(
                "Keep your note under %(limit_value)d characters (it has %(show_value)d)."
            ),
        },
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    language = forms.ChoiceField(
        label=_("Language of your note (optional)"),
        choices=NOTE_LANGUAGE_CHOICES,
        required=False,
    )


class NoteRefForm(forms.Form):
    """Which of the participant's notes a change or deletion is about (the hidden ``note``)."""

    # The primary keys are 64-bit: a larger number can name no note and no database takes it.
    note = forms.IntegerField(min_value=1, max_value=2**63 - 1)

    @classmethod
    def note_id(cls, data):
        """The posted note id, or None when it is missing or not a note id at all."""
        form = cls(data)
        return form.cleaned_data["note"] if form.is_valid() else None


class DetailsForm(AccessibleForm):
    """What a participant may correct on their private page (their address is their key: to
    change it they cancel and register again)."""

    name = RegistrationForm.base_fields["name"]
    organisation = RegistrationForm.base_fields["organisation"]
    country = RegistrationForm.base_fields["country"]
    language = RegistrationForm.base_fields["language"]
    needs = RegistrationForm.base_fields["needs"]

    FIELDS = ("name", "organisation", "country", "language", "needs")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "details_%s")
        super().__init__(*args, **kwargs)

    clean_name = RegistrationForm.clean_name
