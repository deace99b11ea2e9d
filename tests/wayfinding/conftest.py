"""Fixtures of the wayfinding tests: the theme and partner indexes, resources and workshops
filed under a theme and a partner, and a demo image."""

import datetime

import pytest

from hub.demo import load_library, load_taxonomy_pages
from hub.models import Partner, Place, Theme
from tests.library.factories import PublicationFactory, ToolkitFactory
from tests.workshops.factories import make_index, make_workshop


@pytest.fixture
def taxonomy_pages(home):
    load_library(home)
    return load_taxonomy_pages(home)


@pytest.fixture
def food(home):
    theme = Theme.objects.get(slug="food-insecurity")
    theme.page_slug_en, theme.page_slug_fr = "food-insecurity", "precarite-alimentaire"
    theme.description_en = "Getting food to people who cannot afford it."
    theme.description_fr = "Permettre à chacun de se nourrir."
    theme.save()
    return theme


@pytest.fixture
def finistere(home):
    partner = Partner.objects.get(slug="finistere")
    partner.description_en = "A French département."
    partner.description_fr = "Un département français."
    partner.save()
    return partner


@pytest.fixture
def filed(home, taxonomy_pages, food, finistere):
    """Two toolkits and a publication on food insecurity (one by Finistère), an unrelated
    toolkit, an upcoming and a past workshop on food insecurity hosted by Finistère."""
    brittany = Place.objects.get(slug="fr-bretagne")
    digital = Theme.objects.get(slug="digital-inclusion")
    kent = Partner.objects.get(slug="kent")
    resources = {
        "vouchers": ToolkitFactory(
            home=home,
            title_en="Food vouchers",
            title_fr="Chèques alimentaires",
            themes=[food],
            partners=[finistere],
            places=[brittany],
        ),
        "training": ToolkitFactory(
            home=home,
            title_en="Training social workers",
            title_fr="Former les travailleurs",
            themes=[food],
            partners=[kent],
        ),
        "report": PublicationFactory(
            home=home,
            title_en="Food aid report",
            title_fr="Rapport sur l'aide alimentaire",
            themes=[food],
            partners=[finistere],
            places=[brittany],
        ),
        "digital": ToolkitFactory(
            home=home,
            title_en="Digital skills",
            title_fr="Compétences numériques",
            themes=[digital],
            partners=[kent],
        ),
    }
    index = make_index(home)
    upcoming = make_workshop(
        index,
        slug="food-next",
        title_en="Food workshop next month",
        title_fr="Atelier alimentaire le mois prochain",
    )
    past = make_workshop(
        index,
        slug="food-before",
        starts_in=-datetime.timedelta(days=60),
        title_en="Food workshop last year",
        title_fr="Atelier alimentaire passé",
    )
    for workshop in (upcoming, past):
        workshop.themes.set([food])
        workshop.partners.set([finistere])
        workshop.save_revision().publish()
    resources["upcoming"], resources["past"] = upcoming, past
    return resources


@pytest.fixture
def picture(db):
    """A small PNG image drawn in code."""
    from hub.demo_media import demo_image, draw_illustration

    return demo_image("Test picture", draw_illustration("basket", "#e8f1e4", "#2f6b2f"))
