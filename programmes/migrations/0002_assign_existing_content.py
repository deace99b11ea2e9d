"""Every existing resource and workshop joins its programme record.

Case studies named their programme in free text (defaulting to "C-CARE"); other resources named
none. This creates the programme index and the records that the existing content names (only
when there is content), and links each resource: a case study by its free text (unless that is the default "C-CARE"
and its import key names another programme), an imported resource by its import key (the legacy corpus's programmes), everything else to C-CARE, the
hub's first programme. The free text is removed by case_studies 0002 afterwards.

Pages are made with the historical models (treebeard's paths by hand, as Wagtail's own initial
migration does); the per-language columns modeltranslation adds to wagtailcore's page table
are written with SQL when they exist (on a fresh database they are added after migrate).
"""

import re
import unicodedata
import uuid

from django.db import migrations
from django.utils import timezone

# Frozen at the time of this migration: (slug, acronym, English title, French title, words
# that name it in free text or in an import key).
KNOWN = [
    ("c-care", "C-CARE", "C-CARE: Covid Channel Area Response Exchange",
     "C-CARE : Covid Channel Area Response Exchange", ("c-care", "ccare", "c care")),
    ("calvados-social-recovery", "", "Calvados social recovery plan",
     "Plan de relance sociale du Calvados", ("calvados", "relance sociale")),
    ("territoires-partages", "", "Territoires partagés", "Territoires partagés",
     ("territoires partag", "territoires-partag")),
    ("cantal-solidarity-pact", "", "Cantal anti-poverty agreement and Solidarity Pact",
     "Convention pauvreté et Pacte des solidarités du Cantal", ("cantal", "pacte des solidarit")),
]
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEP = 4


def _fold(text):
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return text.casefold().strip()


def _slugify(text):
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-")[:70] or "programme"


def _known_for(text):
    folded = _fold(text)
    for row in KNOWN:
        if any(word in folded for word in row[4]):
            return row
    return None


def _child_path(parent, Page):
    last = Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1).order_by(
        "-path"
    ).values_list("path", flat=True).first()
    number = 1
    if last:
        number = int(last[-STEP:], 36) + 1
    digits = ""
    while number:
        number, rest = divmod(number, 36)
        digits = ALPHABET[rest] + digits
    return parent.path + digits.rjust(STEP, "0")


def _translated_columns(schema_editor):
    with schema_editor.connection.cursor() as cursor:
        columns = schema_editor.connection.introspection.get_table_description(
            cursor, "wagtailcore_page"
        )
    return {column.name for column in columns}


def _add_page(apps, schema_editor, model_name, parent, slug, title_en, title_fr, **fields):
    Page = apps.get_model("wagtailcore", "Page")
    ContentType = apps.get_model("contenttypes", "ContentType")
    model = apps.get_model("programmes", model_name)
    content_type, _created = ContentType.objects.get_or_create(
        app_label="programmes", model=model_name.lower()
    )
    now = timezone.now()
    page = model.objects.create(
        title=title_en,
        draft_title=title_en,
        slug=slug,
        content_type=content_type,
        path=_child_path(parent, Page),
        depth=parent.depth + 1,
        numchild=0,
        url_path=f"{parent.url_path}{slug}/",
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        locale_id=parent.locale_id,
        translation_key=uuid.uuid4(),
        **fields,
    )
    Page.objects.filter(pk=parent.pk).update(numchild=parent.numchild + 1)
    parent.numchild += 1
    columns = _translated_columns(schema_editor)
    if "title_en" in columns:
        quote = schema_editor.connection.ops.quote_name
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT url_path_en, url_path_fr FROM wagtailcore_page WHERE id = %s", [parent.pk]
            )
            base_en, base_fr = cursor.fetchone()
            values = {
                "title_en": title_en, "title_fr": title_fr, "slug_en": slug, "slug_fr": slug,
                "url_path_en": f"{base_en or parent.url_path}{slug}/",
                "url_path_fr": f"{base_fr or base_en or parent.url_path}{slug}/",
            }
            values = {name: value for name, value in values.items() if name in columns}
            assignments = ", ".join(f"{quote(name)} = %s" for name in values)
            cursor.execute(
                f"UPDATE wagtailcore_page SET {assignments} WHERE id = %s",  # noqa: S608
                [*values.values(), page.pk],
            )
    return page


def assign(apps, schema_editor):
    ResourcePage = apps.get_model("hub", "ResourcePage")
    CaseStudyPage = apps.get_model("case_studies", "CaseStudyPage")
    ProgrammePage = apps.get_model("programmes", "ProgrammePage")
    ProgrammeIndexPage = apps.get_model("programmes", "ProgrammeIndexPage")
    Page = apps.get_model("wagtailcore", "Page")
    resources = list(ResourcePage.objects.filter(programmes__isnull=True))
    if not resources:
        return
    free_text = dict(CaseStudyPage.objects.values_list("pk", "programme"))
    index = ProgrammeIndexPage.objects.first()
    if index is None:
        home = Page.objects.filter(depth=2, content_type__app_label="hub",
                                   content_type__model="homepage").first()
        if home is None:
            return
        index = _add_page(apps, schema_editor, "ProgrammeIndexPage", home, "programmes",
                          "Programmes", "Programmes")
    found = {}

    def programme(row):
        slug, acronym, title_en, title_fr = row[:4]
        existing = ProgrammePage.objects.filter(slug=slug).first()
        return existing or _add_page(apps, schema_editor, "ProgrammePage",
                                     Page.objects.get(pk=index.pk), slug, title_en, title_fr,
                                     acronym=acronym)

    def named(text):
        """A programme the free text names that the hub does not know: its own record."""
        slug = _slugify(text)
        existing = ProgrammePage.objects.filter(slug=slug).first()
        return existing or _add_page(apps, schema_editor, "ProgrammePage",
                                     Page.objects.get(pk=index.pk), slug, text.strip(),
                                     text.strip())

    through = ResourcePage.programmes.through
    links = []
    for resource in resources:
        text = free_text.get(resource.pk) or ""
        if text.strip() and not _known_for(text):
            key = ("named", _slugify(text))
            target = found.get(key) or found.setdefault(key, named(text))
        else:
            # "C-CARE" was the free text's default, not a choice: an import key that names
            # another programme says more.
            row = _known_for(text)
            if row is None or row is KNOWN[0]:
                row = _known_for(resource.import_key or "") or KNOWN[0]
            target = found.get(row[0]) or found.setdefault(row[0], programme(row))
        links.append(through(resourcepage_id=resource.pk, programmepage_id=target.pk))
    through.objects.bulk_create(links)


class Migration(migrations.Migration):
    dependencies = [
        ("programmes", "0001_initial"),
        ("hub", "0012_resourcepage_programmes"),
        ("case_studies", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(assign, migrations.RunPython.noop)]
