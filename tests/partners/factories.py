"""Factories for the partner-editing tests: users in groups, resources, media, workshops."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.images.tests.utils import get_test_image_file

from hub.models import HubDocument


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password("pw-test-123")

    @factory.post_generation
    def groups(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*[Group.objects.get(name=name) for name in extracted])


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubDocument

    title = factory.Sequence(lambda n: f"Document {n}")
    file = factory.LazyAttribute(lambda d: ContentFile(b"Some text.", name="doc.txt"))


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "wagtailimages.Image"

    title = factory.Sequence(lambda n: f"Image {n}")
    file = factory.LazyFunction(get_test_image_file)


def add_page(parent, model, slug, partners=(), publish=True, **fields):
    """A child page with both titles, filed under ``partners``."""
    fields.setdefault("title_en", slug.replace("-", " ").title())
    fields.setdefault("title_fr", f"{fields['title_en']} (fr)")
    page = model(
        title=fields["title_en"],
        slug=slug,
        slug_en=slug,
        slug_fr=f"{slug}-fr",
        live=publish,
        **fields,
    )
    parent.add_child(instance=page)
    if partners:
        page.partners.set(partners)
        page.save()
    revision = page.save_revision()
    if publish:
        revision.publish()
    page.refresh_from_db()
    return page


def add_workshop(parent, slug, partners, days=30, publish=True):
    from workshops.models import WorkshopPage

    start = timezone.now() + datetime.timedelta(days=days)
    return add_page(
        parent,
        WorkshopPage,
        slug,
        partners=partners,
        publish=publish,
        start=start,
        end=start + datetime.timedelta(hours=3),
    )
