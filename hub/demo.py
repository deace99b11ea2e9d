"""Demo content for the hub itself: partners, themes, places, home, library and about pages.

Everything is written in our own words from public facts about C-CARE. Every function is
idempotent: objects are found by slug and updated, never created twice.
"""

import datetime

from django.db import transaction
from django.utils import translation
from wagtail.models import Page, Site

from .links import site_address, sync_default_site
from .locations import PARTNER_LOCATIONS, PLACE_LOCATIONS, fill_locations
from .models import (
    HomePage,
    LibraryPage,
    NavigationSettings,
    NavLink,
    Partner,
    PartnerIndexPage,
    Place,
    SiteSettings,
    StandardPage,
    Theme,
    ThemeIndexPage,
)

THEMES = [
    ("food-insecurity", "Food insecurity", "Précarité alimentaire"),
    ("digital-inclusion", "Digital inclusion", "Inclusion numérique"),
    ("social-inclusion", "Social and professional inclusion", "Insertion socioprofessionnelle"),
    ("apprenticeship", "Apprenticeship", "Apprentissage"),
    ("business-support", "Business support", "Soutien aux entreprises"),
    ("sustainable-tourism", "Sustainable tourism", "Tourisme durable"),
    ("town-centres", "Town centres", "Centres-villes"),
]

# slug -> (French page slug, description EN, description FR): what each theme page says first.
THEME_PAGES = {
    "food-insecurity": (
        "precarite-alimentaire",
        "Getting food to people who cannot afford it: food vouchers, food banks and training "
        "for the social workers and charities who meet them.",
        "Permettre à chacun de se nourrir : chèques alimentaires, banques alimentaires et "
        "formation des travailleurs sociaux et des associations qui accompagnent les personnes.",
    ),
    "digital-inclusion": (
        "inclusion-numerique",
        "Helping people who are left out of online services: digital skills, equipment and "
        "digital mediators who help them step by step.",
        "Aider les personnes éloignées des services en ligne : compétences numériques, "
        "équipement et médiateurs numériques qui les accompagnent pas à pas.",
    ),
    "social-inclusion": (
        "insertion-socioprofessionnelle",
        "Bringing people far from work back into training and jobs, with support that fits "
        "their situation.",
        "Ramener vers la formation et l'emploi les personnes qui en sont éloignées, avec un "
        "accompagnement adapté à leur situation.",
    ),
    "apprenticeship": (
        "apprentissage",
        "Opening apprenticeships to young people and adults, and helping employers take them on.",
        "Ouvrir l'apprentissage aux jeunes et aux adultes, et aider les employeurs à les "
        "accueillir.",
    ),
    "business-support": (
        "soutien-aux-entreprises",
        "Advice, vouchers and networks that helped small businesses through the Covid-19 "
        "crisis and into recovery.",
        "Conseils, chèques et réseaux qui ont aidé les petites entreprises à traverser la crise "
        "du Covid-19 et à rebondir.",
    ),
    "sustainable-tourism": (
        "tourisme-durable",
        "Tourism that lasts: training for tourism businesses and visits that respect places "
        "and the people who live there.",
        "Un tourisme qui dure : formation des professionnels et visites respectueuses des lieux "
        "et de leurs habitants.",
    ),
    "town-centres": (
        "centres-villes",
        "Plans that give town centres new uses, so that people keep coming to live, shop and "
        "meet there.",
        "Des plans qui donnent de nouveaux usages aux centres-villes, pour qu'on continue d'y "
        "vivre, d'y faire ses courses et de s'y retrouver.",
    ),
}

# slug -> (description EN, description FR) of each partner's page.
PARTNER_PAGES = {
    "kent": (
        "The lead partner of C-CARE. The county council supported businesses and people at "
        "risk of exclusion across Kent.",
        "Chef de file de C-CARE. Le conseil du comté a soutenu entreprises et personnes "
        "menacées d'exclusion dans tout le Kent.",
    ),
    "norfolk": (
        "The county council ran Access to Apprenticeships (A2A) and helped create new "
        "businesses in Norfolk.",
        "Le conseil du comté a porté le programme Access to Apprenticeships (A2A) et aidé à "
        "créer de nouvelles entreprises dans le Norfolk.",
    ),
    "new-anglia-lep": (
        "The local enterprise partnership of Norfolk and Suffolk: business vouchers and "
        "advice for small firms.",
        "Le partenariat économique local du Norfolk et du Suffolk : chèques et conseils pour "
        "les petites entreprises.",
    ),
    "plymouth": (
        "The city council drew up more than 200 skills action plans with people and employers.",
        "Le conseil municipal a élaboré plus de 200 plans d'action de compétences avec les "
        "habitants et les employeurs.",
    ),
    "pas-de-calais-tourisme": (
        "The tourism agency of the Pas-de-Calais set up an academy of sustainable tourism.",
        "L'agence d'attractivité du Pas-de-Calais a créé une académie du tourisme durable.",
    ),
    "finistere": (
        "The département worked on food insecurity and digital poverty, and hosted the "
        "transnational workshops on food aid.",
        "Le Département a agi contre la précarité alimentaire et la précarité numérique, et a "
        "accueilli les ateliers transnationaux sur l'aide alimentaire.",
    ),
    "campus-normandie": (
        "A campus of higher education and vocational training in Normandy: training for "
        "people far from work.",
        "Un campus d'enseignement supérieur et de formation professionnelle en Normandie : des "
        "formations pour les personnes éloignées de l'emploi.",
    ),
    "cornwall": (
        "An associate partner that took part in the policy exchanges.",
        "Partenaire associé qui a pris part aux échanges sur les politiques publiques.",
    ),
}

PARTNERS = [
    # slug, name_en, name_fr, country, (region_en, region_fr), lead, associate
    (
        "kent",
        "Kent County Council",
        "Conseil du comté du Kent",
        "GB",
        ("Kent", "Kent"),
        True,
        False,
    ),
    (
        "norfolk",
        "Norfolk County Council",
        "Conseil du comté de Norfolk",
        "GB",
        ("Norfolk", "Norfolk"),
        False,
        False,
    ),
    (
        "new-anglia-lep",
        "New Anglia LEP",
        "New Anglia LEP",
        "GB",
        ("Norfolk and Suffolk", "Norfolk et Suffolk"),
        False,
        False,
    ),
    (
        "plymouth",
        "Plymouth City Council",
        "Conseil municipal de Plymouth",
        "GB",
        ("Devon", "Devon"),
        False,
        False,
    ),
    (
        "pas-de-calais-tourisme",
        "Pas-de-Calais Tourisme",
        "Pas-de-Calais Tourisme",
        "FR",
        ("Hauts-de-France", "Hauts-de-France"),
        False,
        False,
    ),
    (
        "finistere",
        "Département du Finistère",
        "Département du Finistère",
        "FR",
        ("Brittany", "Bretagne"),
        False,
        False,
    ),
    (
        "campus-normandie",
        "Campus for Higher Education and Vocational Training",
        "Campus d'Enseignement Supérieur et de Formation Professionnelle",
        "FR",
        ("Normandy", "Normandie"),
        False,
        False,
    ),
    (
        "cornwall",
        "Cornwall Council",
        "Conseil de Cornouailles",
        "GB",
        ("Cornwall", "Cornouailles"),
        False,
        True,
    ),
]

PLACES = [
    ("gb", "GB", "", ""),
    ("fr", "FR", "", ""),
    ("gb-kent", "GB", "Kent", "Kent"),
    ("gb-norfolk", "GB", "Norfolk", "Norfolk"),
    ("gb-devon", "GB", "Devon", "Devon"),
    ("gb-cornwall", "GB", "Cornwall", "Cornouailles"),
    ("fr-bretagne", "FR", "Brittany", "Bretagne"),
    ("fr-hauts-de-france", "FR", "Hauts-de-France", "Hauts-de-France"),
    ("fr-normandie", "FR", "Normandy", "Normandie"),
    ("fr-auvergne-rhone-alpes", "FR", "Auvergne-Rhône-Alpes", "Auvergne-Rhône-Alpes"),
]

ABOUT_PAGES = [
    (
        ("about", "a-propos"),
        ("About the hub", "À propos du centre de ressources"),
        (
            "Why this hub exists and who looks after it.",
            "Pourquoi ce centre de ressources existe et qui le fait vivre.",
        ),
        (
            "<p>C-CARE (Covid Channel Area Response Exchange) ran from August 2020 to June 2023. "
            "Seven public bodies from both sides of the Channel, led by Kent County Council, "
            "shared a budget of 6.7 million euros from the European Regional Development Fund, "
            "through the France (Channel) England programme, to help people and businesses "
            "recover from the Covid-19 crisis.</p>"
            "<p>Together they supported 2,407 businesses and 2,784 people at risk of exclusion. "
            "This hub keeps what they learnt in one place: toolkits, town-centre plans, video "
            "case studies, publications and the records of their transnational workshops, in "
            "English and French.</p>",
            "<p>C-CARE (Covid Channel Area Response Exchange) s'est déroulé d'août 2020 à juin "
            "2023. Sept organismes publics des deux rives de la Manche, emmenés par le Kent "
            "County Council, ont partagé un budget de 6,7 millions d'euros du Fonds européen de "
            "développement régional, au titre du programme France (Manche) Angleterre, pour "
            "aider les personnes et les entreprises à se relever de la crise du Covid-19.</p>"
            "<p>Ensemble, ils ont accompagné 2 407 entreprises et 2 784 personnes menacées "
            "d'exclusion. Ce centre de ressources rassemble ce qu'ils ont appris : boîtes à "
            "outils, plans de centre-ville, études de cas vidéo, publications et comptes rendus "
            "des ateliers transnationaux, en français et en anglais.</p>",
        ),
    ),
    (
        ("accessibility", "accessibilite"),
        ("Accessibility statement", "Déclaration d'accessibilité"),
        (
            "How accessible this site is and how to tell us about a problem.",
            "Le niveau d'accessibilité du site et comment nous signaler un problème.",
        ),
        (
            "<p>We want everyone to be able to use this hub. It aims to meet the Web Content "
            "Accessibility Guidelines (WCAG) 2.2 at level AA, as the Public Sector Bodies "
            "Accessibility Regulations 2018 require in the United Kingdom.</p>"
            "<p>You can navigate the whole site with a keyboard, zoom to 400 % without losing "
            "content, and use a screen reader. Videos come with a transcript on the page.</p>"
            "<p>Some legacy documents were produced before the hub existed and may not be fully "
            "accessible. If you need one in another format, write to us and we will reply "
            "within 10 working days.</p>",
            "<p>Nous voulons que chacun puisse utiliser ce centre de ressources. Il vise la "
            "conformité au référentiel général d'amélioration de l'accessibilité (RGAA) 4.1 et "
            "aux WCAG 2.2 niveau AA.</p>"
            "<p>Tout le site se parcourt au clavier, se zoome à 400 % sans perte de contenu et "
            "fonctionne avec un lecteur d'écran. Chaque vidéo est accompagnée de sa "
            "transcription.</p>"
            "<p>Certains documents hérités, antérieurs au site, peuvent ne pas être pleinement "
            "accessibles. Si vous avez besoin d'un autre format, écrivez-nous : nous répondrons "
            "sous 10 jours ouvrés. Si vous n'obtenez pas de réponse satisfaisante, vous pouvez "
            "saisir le Défenseur des droits.</p>",
        ),
    ),
    (
        ("privacy", "confidentialite"),
        ("Privacy notice", "Politique de confidentialité"),
        (
            "What personal data the hub keeps, why, and for how long.",
            "Les données personnelles que nous conservons, pourquoi et combien de temps.",
        ),
        (
            "<p>Browsing the hub needs no account and sets no tracking cookie. Videos are only "
            "loaded from their host when you choose to play them.</p>"
            "<p>When you register for a workshop we keep your name, email address, organisation, "
            "country, preferred language and any needs you tell us about, only to organise the "
            "workshop. Your private link lets you see, download or erase this data at any time. "
            "We erase it automatically some months after the workshop and keep only anonymous "
            "counts.</p>",
            "<p>La consultation du site ne demande aucun compte et ne dépose aucun cookie de "
            "suivi. Les vidéos ne sont chargées depuis leur hébergeur que lorsque vous choisissez "
            "de les lire.</p>"
            "<p>Lorsque vous vous inscrivez à un atelier, nous conservons votre nom, votre "
            "adresse électronique, votre organisation, votre pays, votre langue et les besoins "
            "que vous signalez, uniquement pour organiser l'atelier. Votre lien personnel vous "
            "permet de consulter, télécharger ou effacer ces données à tout moment. Nous les "
            "effaçons automatiquement quelques mois après l'atelier et ne gardons que des "
            "chiffres anonymes.</p>",
        ),
    ),
    (
        ("legal-notice", "mentions-legales"),
        ("Legal notice", "Mentions légales"),
        ("Who publishes this site.", "Qui publie ce site."),
        (
            "<p>This hub is published by the partners of the C-CARE programme. Unless stated "
            "otherwise, content is available under the Creative Commons Attribution 4.0 "
            "licence.</p>",
            "<p>Ce site est édité par les partenaires du programme C-CARE. Sauf mention "
            "contraire, les contenus sont diffusés sous licence Creative Commons Attribution "
            "4.0.</p>",
        ),
    ),
]


def _upsert(model, lookup, **values):
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **values), True
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if changed:
        obj.save()
    return obj, False


def load_taxonomy():
    for slug, en, fr in THEMES:
        page_slug_fr, description_en, description_fr = THEME_PAGES[slug]
        _upsert(
            Theme,
            {"slug": slug},
            name_en=en,
            name_fr=fr,
            page_slug_en=slug,
            page_slug_fr=page_slug_fr,
            description_en=description_en,
            description_fr=description_fr,
        )
    for slug, en, fr, country, region, lead, associate in PARTNERS:
        _upsert(
            Partner,
            {"slug": slug},
            name_en=en,
            name_fr=fr,
            country=country,
            region_en=region[0],
            region_fr=region[1],
            is_lead=lead,
            is_associate=associate,
            description_en=PARTNER_PAGES[slug][0],
            description_fr=PARTNER_PAGES[slug][1],
        )
    for slug, country, en, fr in PLACES:
        _upsert(Place, {"slug": slug}, country=country, name_en=en, name_fr=fr)
    # Where none is set yet: a location corrected in the admin stays as it is.
    fill_locations(Partner, PARTNER_LOCATIONS)
    fill_locations(Place, PLACE_LOCATIONS)


def child_page(parent, model, slug_en, **fields):
    """Find ``parent``'s child by its English slug, or create it published."""
    existing = model.objects.child_of(parent).filter(slug_en=slug_en).first()
    if existing:
        return existing, False
    page = model(slug=slug_en, slug_en=slug_en, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page, True


def load_home():
    root = Page.get_first_root_node()
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations leave a bare "Welcome" page at the top; ours takes its place.
        for welcome in Page.objects.filter(depth=2, content_type__model="page"):
            if not welcome.get_children().exists():
                Site.objects.filter(root_page=welcome).update(root_page=root)
                welcome.delete()
        home = HomePage(
            title="C-CARE legacy hub",
            title_en="C-CARE legacy hub",
            title_fr="Centre de ressources C-CARE",
            slug="home",
            slug_en="home",
            slug_fr="accueil",
            summary_en=(
                "Toolkits, town-centre plans, case studies and workshop records from "
                "cross-Channel public programmes, in English and French."
            ),
            summary_fr=(
                "Boîtes à outils, plans de centre-ville, études de cas et comptes rendus "
                "d'ateliers des programmes publics transmanche, en français et en anglais."
            ),
            intro_en=(
                "<p>From 2020 to 2023, public bodies in England and France worked together on "
                "food insecurity, digital exclusion, employment and support for small "
                "businesses. Find what they built and reuse it in your region.</p>"
            ),
            intro_fr=(
                "<p>De 2020 à 2023, des organismes publics anglais et français ont travaillé "
                "ensemble sur la précarité alimentaire, l'exclusion numérique, l'emploi et le "
                "soutien aux petites entreprises. Retrouvez leurs outils et réutilisez-les dans "
                "votre territoire.</p>"
            ),
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        hostname, port = site_address()
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="C-CARE legacy hub",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "C-CARE legacy hub"
        site.save()
    # `make run HOST=… PORT=…` serves the demo somewhere else than last time.
    sync_default_site()
    return home


def load_library(home):
    library, _created = child_page(
        home,
        LibraryPage,
        "library",
        title="Library",
        title_en="Library",
        title_fr="Bibliothèque",
        slug_fr="bibliotheque",
        summary_en="Every resource of every partner, in one place: filter, search and download.",
        summary_fr=(
            "Toutes les ressources de tous les partenaires, au même endroit : filtrez, "
            "cherchez, téléchargez."
        ),
    )
    return library


def load_about_pages(home):
    pages = []
    for (slug_en, slug_fr), (title_en, title_fr), (sum_en, sum_fr), (
        body_en,
        body_fr,
    ) in ABOUT_PAGES:
        page, _created = child_page(
            home,
            StandardPage,
            slug_en,
            title=title_en,
            title_en=title_en,
            title_fr=title_fr,
            slug_fr=slug_fr,
            summary_en=sum_en,
            summary_fr=sum_fr,
            body_en=[("paragraph", body_en)],
            body_fr=[("paragraph", body_fr)],
            last_reviewed=datetime.date(2026, 11, 1),
        )
        pages.append(page)
    return pages


def load_taxonomy_pages(home):
    """The theme and partner indexes: every theme and partner gets its public page."""
    themes, _created = child_page(
        home,
        ThemeIndexPage,
        "themes",
        title="Themes",
        title_en="Themes",
        title_fr="Thématiques",
        slug_fr="thematiques",
        summary_en="What the partners worked on, theme by theme, with its resources and workshops.",
        summary_fr=(
            "Ce sur quoi les partenaires ont travaillé, thématique par thématique, avec ses "
            "ressources et ses ateliers."
        ),
    )
    partners, _created = child_page(
        home,
        PartnerIndexPage,
        "partners",
        title="Partners",
        title_en="Partners",
        title_fr="Partenaires",
        slug_fr="partenaires",
        summary_en="The public bodies of both sides of the Channel behind the programme.",
        summary_fr="Les organismes publics des deux rives de la Manche qui ont porté le programme.",
    )
    return themes, partners


def ensure_taxonomy_pages(sender=None, **kwargs):
    """After ``migrate``: a site made before the theme and partner pages existed gets both
    indexes under its home page (what theme pills and partner names link to). A home that
    has them anywhere, or whose child already uses the address, is left as it is."""
    # Only the keys first: on a new database this runs before modeltranslation has added
    # its columns to Wagtail's page table, and there is no home page yet anyway.
    homes = list(HomePage.objects.values_list("pk", flat=True))
    if not homes:
        return
    indexes = (ThemeIndexPage, PartnerIndexPage)
    for home in HomePage.objects.filter(pk__in=homes):
        if all(model.objects.descendant_of(home).exists() for model in indexes):
            continue
        others = Page.objects.child_of(home).not_type(*indexes)
        if others.filter(slug__in=["themes", "partners"]).exists():
            continue
        load_taxonomy_pages(home)


def load_menu(home):
    """The main menu as moderators will edit it: the default menu (hub.browse.wayfinding),
    written as navigation links, in that order. The footer's links are left as they are."""
    from .browse.wayfinding import default_menu_pages

    site = Site.objects.get(root_page=home)
    nav = NavigationSettings.for_site(site)
    for order, (page, label) in enumerate(default_menu_pages(site)):
        labels = {}
        for code in ("en", "fr"):
            with translation.override(code):
                labels[f"label_{code}"] = str(label)
        link = nav.links.filter(location="header", page=page).first()
        if link is None:
            link = NavLink(settings=nav, location="header", page=page)
        wanted = {"sort_order": order, **labels}
        if link.pk is None or any(getattr(link, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(link, key, value)
            link.save()


def load_navigation(home, header_pages, footer_pages):
    site = Site.objects.get(root_page=home)
    settings_obj = SiteSettings.for_site(site)
    settings_obj.organisation_en = "C-CARE partners"
    settings_obj.organisation_fr = "Partenaires de C-CARE"
    settings_obj.contact_email = "hub@example.org"
    settings_obj.save()
    nav = NavigationSettings.for_site(site)
    wanted = [("header", p) for p in header_pages] + [("footer", p) for p in footer_pages]
    existing = {(link.location, link.page_id) for link in nav.links.all()}
    for order, (location, page) in enumerate(wanted):
        if (location, page.pk) not in existing:
            NavLink.objects.create(settings=nav, location=location, page=page, sort_order=order)


@transaction.atomic
def load():
    """Build the hub's own demo content; returns the home page for other apps' demo loaders."""
    load_taxonomy()
    home = load_home()
    library = load_library(home)
    about, accessibility, privacy, legal = load_about_pages(home)
    themes, partners = load_taxonomy_pages(home)
    load_navigation(
        home, [library, about], [about, themes, partners, accessibility, privacy, legal]
    )
    return home


@transaction.atomic
def finish(home):
    """After every app's demo: the main menu (it links to their indexes) and the pictures."""
    from . import demo_media

    load_menu(home)
    demo_media.load()
