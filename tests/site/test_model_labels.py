"""Every model of the hub names itself with a real string, even when its fields are blank
(an erased registration, a purged row): the admin calls str() on each row it lists, and a lazy
translation returned from __str__ raises TypeError there."""

import pytest
from django.apps import apps
from django.utils import translation

HUB_APPS = ("hub", "toolkits", "case_studies", "workshops")


def _models():
    """Models of the hub's apps whose __str__ the hub itself defines (not Wagtail's or Django's)."""
    for app in HUB_APPS:
        for model in apps.get_app_config(app).get_models():
            if model.__str__.__module__.split(".")[0] in HUB_APPS:
                yield model


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize("model", list(_models()), ids=lambda model: model._meta.label)
def test_blank_instance_has_a_string_label(db, model, language):
    with translation.override(language):
        label = str(model())
    assert type(label) is str


def test_the_hub_defines_labels_of_its_own():
    assert {"workshops.Registration", "hub.Theme", "hub.Place"} <= {
        model._meta.label for model in _models()
    }
