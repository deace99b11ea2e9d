"""The search benchmark's corpus: n bilingual resources with a document each, their words drawn
with Zipf-like frequencies from theme words and invented filler (bench/search_bench.py)."""

import random
import uuid

FR_WORDS = (  # noqa: SIM905 - a readable word list
    "apprentissage apprentissages numérique numériques programme programmes patrimoine "
    "mobilité douce transfrontalier territoire territoires commune communes région "
    "développement économique emploi formation formations jeunesse santé alimentation "
    "précarité inclusion association associations entreprise entreprises tourisme "
    "littoral côte mer port ports centre ville villes rénovation urbaine habitat énergie "
    "transition climat biodiversité agriculture circuits courts marché marchés culture "
    "musée éducation école écoles collège numérisation données ouvertes services public "
    "coopération partenaires partenariat réseau réseaux atelier ateliers boîte outils "
    "méthode guide évaluation indicateurs financement fonds européen projet projets "
    "bénévoles citoyens participation concertation diagnostic stratégie plan action "
    "commerce commerces vacance vitrine attractivité accessibilité transport vélo piéton"
).split()
EN_WORDS = (  # noqa: SIM905
    "learning apprenticeship apprenticeships digital programme programmes heritage "
    "mobility active cross border territory territories council councils region "
    "development economic employment training skills youth health food insecurity "
    "inclusion charity charities business businesses tourism coastal coast sea port "
    "harbour town towns centre renewal urban housing energy transition climate "
    "biodiversity farming short supply chains market markets culture museum education "
    "school schools college digitisation open data public services cooperation partners "
    "partnership network networks workshop workshops toolkit method guide evaluation "
    "indicators funding european fund project projects volunteers citizens participation "
    "consultation assessment strategy plan action retail shops vacancy shopfront "
    "attractiveness accessibility transport cycling walking"
).split()
KINDS = ["toolkit", "town_centre_plan", "case_study", "publication", "workshop_record"]


def vocabulary(theme_words, seed, size=3000):
    """Theme words spread among invented filler words, with Zipf-like frequencies.

    Real text is Zipfian: a few words everywhere, most words rare. A flat draw from a small
    list would put every query word in most documents, which no real corpus does.
    """
    rng = random.Random(seed)
    syllables = "ba be bi bo bu da de di do du la le li lo lu ma me mi mo mu na ne ni no nu "
    syllables += "ra re ri ro ru sa se si so su ta te ti to tu va ve vi vo vu"
    syllables = syllables.split()
    filler = list(
        dict.fromkeys(
            "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))) for _ in range(size)
        )
    )
    words = []
    themes = list(theme_words)
    rng.shuffle(themes)
    for i, word in enumerate(filler):
        if i >= 8 and i % 12 == 0 and themes:
            words.append(themes.pop())
        words.append(word)
    words.extend(themes)
    cumulative, total = [], 0.0
    for rank in range(len(words)):
        total += 1.0 / (rank + 1) ** 1.05
        cumulative.append(total)
    return words, cumulative


def text(rng, pool, n):
    words, cumulative = pool
    return " ".join(rng.choices(words, cum_weights=cumulative, k=n))


# Corpus ---------------------------------------------------------------------------------------


def generate(n, seed=4):
    """n live ResourcePages under the home page, each with one document, in bulk inserts."""
    from django.db import transaction
    from django.db.models import F
    from django.utils import timezone
    from wagtail.models import Collection, Page

    from hub import demo
    from hub.models import HubDocument, Partner, ResourcePage, Theme
    from hub.models.resources import ResourceDocument

    demo.load_taxonomy()
    home = demo.load_home()
    rng = random.Random(seed)
    fr_pool = vocabulary(FR_WORDS, seed)
    en_pool = vocabulary(EN_WORDS, seed + 1)
    now = timezone.now()
    collection = Collection.get_first_root_node()
    themes = list(Theme.objects.values_list("pk", flat=True))
    partners = list(Partner.objects.values_list("pk", flat=True))
    page_fields = [f for f in Page._meta.local_concrete_fields if not f.primary_key]
    resource_fields = list(ResourcePage._meta.local_concrete_fields)

    with transaction.atomic():
        last = home.get_last_child()
        step = last._get_lastpos_in_path() if last else 0
        for start in range(0, n, 1000):
            batch, docs = [], []
            for i in range(start, min(n, start + 1000)):
                step += 1
                title_en = f"{text(rng, en_pool, rng.randint(3, 6)).capitalize()} {i}"
                title_fr = f"{text(rng, fr_pool, rng.randint(3, 6)).capitalize()} {i}"
                slug = f"bench-{i}"
                page = ResourcePage(
                    title=title_en,
                    title_en=title_en,
                    title_fr=title_fr,
                    draft_title=title_en,
                    slug=slug,
                    slug_en=slug,
                    slug_fr=f"{slug}-fr",
                    url_path=f"{home.url_path}{slug}/",
                    url_path_en=f"{home.url_path}{slug}/",
                    url_path_fr=f"{home.url_path}{slug}-fr/",
                    path=Page._get_path(home.path, home.depth + 1, step),
                    depth=home.depth + 1,
                    numchild=0,
                    live=True,
                    has_unpublished_changes=False,
                    first_published_at=now,
                    last_published_at=now,
                    translation_key=uuid.uuid4(),
                    summary_en=text(rng, en_pool, 25),
                    summary_fr=text(rng, fr_pool, 25),
                    kind=KINDS[i % len(KINDS)],
                    date=(now - timezone.timedelta(days=i % 2000)).date(),
                    in_english=True,
                    in_french=i % 4 != 0,
                    import_key=f"bench-{i}",
                )
                language = "fr" if i % 2 else "en"
                docs.append(
                    HubDocument(
                        title=f"{title_fr if language == 'fr' else title_en} (PDF)",
                        file=f"documents/bench-{i}.pdf",
                        collection=collection,
                        language=language,
                        extracted_text=text(rng, fr_pool if language == "fr" else en_pool, 300),
                        extraction_status="done",
                    )
                )
                batch.append(page)
            _insert_pages(batch, page_fields, resource_fields)
            HubDocument.objects.bulk_create(docs)
            ResourceDocument.objects.bulk_create(
                ResourceDocument(page_id=p.pk, document_id=d.pk, sort_order=0)
                for p, d in zip(batch, docs, strict=True)
            )
            for name, pool in (("themes", themes), ("partners", partners)):
                through = getattr(ResourcePage, name).through
                target = "theme_id" if name == "themes" else "partner_id"
                through.objects.bulk_create(
                    through(resourcepage_id=p.pk, **{target: pool[(p.pk * 13 + k) % len(pool)]})
                    for k, p in enumerate(batch)
                )
        Page.objects.filter(pk=home.pk).update(numchild=F("numchild") + n)


def _insert_pages(batch, page_fields, resource_fields):
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page

    from hub.models import ResourcePage

    ct = ContentType.objects.get_for_model(ResourcePage)
    for page in batch:
        page.content_type_id = ct.pk
        page.locale_id = _default_locale_id()
    rows = Page._base_manager._insert(
        batch, fields=page_fields, returning_fields=[Page._meta.pk], using="default"
    )
    for page, row in zip(batch, rows, strict=True):
        page.pk = page.id = page.page_ptr_id = row[0]
    ResourcePage._base_manager._insert(batch, fields=resource_fields, using="default")


_LOCALE = []


def _default_locale_id():
    if not _LOCALE:
        from wagtail.models import Locale

        _LOCALE.append(Locale.get_default().pk)
    return _LOCALE[0]
