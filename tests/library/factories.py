"""Factories for library resources: published pages under their kind's index."""

import datetime

import factory

from case_studies.models import CaseStudyIndexPage, CaseStudyPage
from toolkits.models import (
    PublicationIndexPage,
    PublicationPage,
    ToolkitIndexPage,
    ToolkitPage,
    TownCentrePlanIndexPage,
    TownCentrePlanPage,
)

INDEX_FOR = {
    ToolkitPage: (ToolkitIndexPage, "toolkits", "boites-a-outils"),
    TownCentrePlanPage: (TownCentrePlanIndexPage, "town-centre-plans", "plans-de-centre-ville"),
    PublicationPage: (PublicationIndexPage, "publications", "publications"),
    CaseStudyPage: (CaseStudyIndexPage, "case-studies", "etudes-de-cas"),
}


def index_for(home, model):
    """The kind's index page under ``home``, created (published) when missing."""
    index_model, slug_en, slug_fr = INDEX_FOR[model]
    index = index_model.objects.child_of(home).first()
    if index is None:
        title = slug_en.replace("-", " ").capitalize()
        index = index_model(
            title=title,
            title_en=title,
            title_fr=title + " (fr)",
            slug=slug_en,
            slug_en=slug_en,
            slug_fr=slug_fr,
        )
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


class ResourceFactory(factory.Factory):
    """Builds a resource and publishes it under its index (``home`` is required)."""

    class Meta:
        abstract = True

    title_en = factory.Sequence(lambda n: f"Resource {n:03d}")
    title_fr = factory.Sequence(lambda n: f"Ressource {n:03d}")
    slug_en = factory.Sequence(lambda n: f"resource-{n:03d}")
    slug_fr = factory.Sequence(lambda n: f"ressource-{n:03d}")
    summary_en = "An English summary."
    summary_fr = "Un résumé en français."
    date = factory.Sequence(lambda n: datetime.date(2020 + n % 4, 1 + n % 12, 1))

    @classmethod
    def _create(cls, model_class, *args, home=None, themes=(), partners=(), places=(), **kwargs):
        programmes = kwargs.pop("programmes", ())
        parent = index_for(home, model_class)
        page = model_class(title=kwargs["title_en"], slug=kwargs["slug_en"], **kwargs)
        parent.add_child(instance=page)
        if themes or partners or places or programmes:
            page.themes.set(themes)
            page.partners.set(partners)
            page.places.set(places)
            page.programmes.set(programmes)
            page.save()
        page.save_revision().publish()
        return page


class ToolkitFactory(ResourceFactory):
    class Meta:
        model = ToolkitPage


class PublicationFactory(ResourceFactory):
    class Meta:
        model = PublicationPage


class TownCentrePlanFactory(ResourceFactory):
    class Meta:
        model = TownCentrePlanPage

    town = "Morlaix"
    country = "FR"
    plan_start = 2022
    plan_end = 2026


class CaseStudyFactory(ResourceFactory):
    class Meta:
        model = CaseStudyPage

    organisation = "Invicta Security"
