"""Demo workshops: the records of Finistère's food-insecurity workshop series, and upcoming ones.

Written in our own words from public facts about C-CARE (see PRODUCT.md). Idempotent: pages
are found by their English slug; upcoming workshops are moved forward again whenever their
date has passed, so the demo always has something to register for.
"""

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from hub.demo import child_page
from hub.models import Partner, Theme

from . import services
from .models import Note, WorkshopIndexPage, WorkshopPage, WorkshopSeriesPage


def _at(year, month, day, hour, minute, zone):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=ZoneInfo(zone))


def _agenda(items):
    return [
        (
            "item",
            {
                "start_time": datetime.time.fromisoformat(start),
                "end_time": datetime.time.fromisoformat(end),
                "title": title,
                "speakers": speakers,
                "description": "",
            },
        )
        for start, end, title, speakers in items
    ]


PAST = [
    {
        "slug_en": "food-aid-in-lockdown",
        "slug_fr": "aide-alimentaire-confinement",
        "title_en": "Food aid in lockdown: how each side of the Channel responded",
        "title_fr": (
            "L'aide alimentaire pendant le confinement : les réponses des deux rives de la Manche"
        ),
        "summary_en": (
            "First workshop of Finistère's transnational series on food insecurity: partners "
            "compared how emergency food aid reached people during the Covid-19 lockdowns."
        ),
        "summary_fr": (
            "Premier atelier de la série transnationale du Finistère sur la précarité "
            "alimentaire : comment l'aide d'urgence a atteint les personnes pendant les "
            "confinements."
        ),
        "start": _at(2021, 10, 14, 10, 0, "Europe/Paris"),
        "end": _at(2021, 10, 14, 15, 30, "Europe/Paris"),
        "time_zone": "Europe/Paris",
        "format": "online",
        "interpretation": "simultaneous",
        "partners": ["finistere", "kent"],
        "themes": ["food-insecurity"],
        "agenda": [
            ("10:00", "10:30", "Welcome and aims of the series", "Département du Finistère"),
            ("10:30", "12:00", "Emergency food aid in 2020: two case stories", "Finistère, Kent"),
            ("13:30", "15:00", "What we would do differently", "All partners"),
        ],
        "agenda_fr": [
            ("10:00", "10:30", "Accueil et objectifs de la série", "Département du Finistère"),
            (
                "10:30",
                "12:00",
                "L'aide alimentaire d'urgence en 2020 : deux récits",
                "Finistère, Kent",
            ),
            ("13:30", "15:00", "Ce que nous ferions autrement", "Tous les partenaires"),
        ],
        "minutes_en": (
            "<p>Both sides described the same first weeks: charities overwhelmed, volunteers "
            "over 70 asked to stay at home, and people who had never asked for help arriving "
            "at food banks. In Finistère, vouchers took too long to reach families; in Kent, "
            "councils relied on local networks to find people who did not come forward.</p>"
        ),
        "minutes_fr": (
            "<p>Les deux rives ont décrit les mêmes premières semaines : associations "
            "débordées, bénévoles de plus de 70 ans invités à rester chez eux, et des personnes "
            "qui n'avaient jamais demandé d'aide arrivant aux banques alimentaires. Dans le "
            "Finistère, les bons mettaient trop de temps à parvenir aux familles ; dans le "
            "Kent, les collectivités se sont appuyées sur les réseaux locaux pour trouver les "
            "personnes qui ne se manifestaient pas.</p>"
        ),
        "outputs_en": (
            "<ul><li>A shared list of the obstacles to reaching people quickly.</li>"
            "<li>The decision to work on faster voucher distribution and on training.</li></ul>"
        ),
        "outputs_fr": (
            "<ul><li>Une liste commune des obstacles pour atteindre rapidement les personnes."
            "</li><li>La décision de travailler sur des bons plus rapides et sur la formation."
            "</li></ul>"
        ),
    },
    {
        "slug_en": "training-frontline-workers-food-insecurity",
        "slug_fr": "former-acteurs-precarite-alimentaire",
        "title_en": "Training the people who support those facing food insecurity",
        "title_fr": "Former celles et ceux qui accompagnent les personnes en précarité alimentaire",
        "summary_en": (
            "Second workshop of the series: social workers and charity volunteers compared the "
            "training they receive on food insecurity in Brittany and in Devon."
        ),
        "summary_fr": (
            "Deuxième atelier de la série : travailleurs sociaux et bénévoles associatifs ont "
            "comparé leurs formations sur la précarité alimentaire en Bretagne et dans le Devon."
        ),
        "start": _at(2022, 3, 17, 9, 30, "Europe/Paris"),
        "end": _at(2022, 3, 17, 16, 0, "Europe/Paris"),
        "time_zone": "Europe/Paris",
        "format": "hybrid",
        "venue_en": "Departmental council offices, Quimper, and online",
        "venue_fr": "Hôtel du Département, Quimper, et en ligne",
        "interpretation": "simultaneous",
        "partners": ["finistere", "plymouth"],
        "themes": ["food-insecurity", "social-inclusion"],
        "agenda": [
            ("09:30", "10:00", "Welcome", "Département du Finistère"),
            ("10:00", "12:00", "What frontline workers say they need", "Finistère, Plymouth"),
            ("13:30", "16:00", "Designing a shared training module", "All participants"),
        ],
        "agenda_fr": [
            ("09:30", "10:00", "Accueil", "Département du Finistère"),
            (
                "10:00",
                "12:00",
                "Les besoins exprimés par les professionnels de terrain",
                "Finistère, Plymouth",
            ),
            ("13:30", "16:00", "Construire un module de formation commun", "Tous les participants"),
        ],
        "minutes_en": (
            "<p>Participants agreed that talking about food is hard for the people they meet: "
            "shame keeps many from asking. Training should start from listening, not from the "
            "list of available schemes.</p>"
        ),
        "minutes_fr": (
            "<p>Les participants ont constaté qu'il est difficile pour les personnes "
            "accompagnées de parler d'alimentation : la honte empêche beaucoup d'entre elles "
            "de demander. La formation doit partir de l'écoute, et non de la liste des "
            "dispositifs.</p>"
        ),
        "outputs_en": "<p>An outline training module for social workers and charities.</p>",
        "outputs_fr": (
            "<p>La trame d'un module de formation pour travailleurs sociaux et associations.</p>"
        ),
    },
    {
        "slug_en": "faster-food-vouchers",
        "slug_fr": "bons-alimentaires-plus-rapides",
        "title_en": "Faster food vouchers: from pilot to everyday practice",
        "title_fr": "Des bons alimentaires plus rapides : du pilote à la pratique",
        "summary_en": (
            "Third workshop of the series: how Finistère cut the time between a request for "
            "help and a family receiving food vouchers, and what English partners took from it."
        ),
        "summary_fr": (
            "Troisième atelier de la série : comment le Finistère a réduit le délai entre une "
            "demande d'aide et la remise des bons alimentaires, et ce qu'en ont retenu les "
            "partenaires anglais."
        ),
        "start": _at(2022, 11, 24, 10, 0, "Europe/Paris"),
        "end": _at(2022, 11, 24, 16, 30, "Europe/Paris"),
        "time_zone": "Europe/Paris",
        "format": "in_person",
        "venue_en": "Departmental council offices, Quimper",
        "venue_fr": "Hôtel du Département, Quimper",
        "interpretation": "consecutive",
        "partners": ["finistere", "norfolk"],
        "themes": ["food-insecurity"],
        "agenda": [
            ("10:00", "11:30", "The voucher process before and after", "Département du Finistère"),
            (
                "11:30",
                "12:30",
                "Vouchers for businesses in Norfolk: a comparison",
                "Norfolk County Council",
            ),
            ("14:00", "16:30", "Lessons for the legacy of C-CARE", "All partners"),
        ],
        "agenda_fr": [
            ("10:00", "11:30", "Le circuit des bons, avant et après", "Département du Finistère"),
            (
                "11:30",
                "12:30",
                "Les bons aux entreprises dans le Norfolk : une comparaison",
                "Norfolk County Council",
            ),
            (
                "14:00",
                "16:30",
                "Les enseignements pour l'héritage de C-CARE",
                "Tous les partenaires",
            ),
        ],
        "minutes_en": (
            "<p>Finistère's part of C-CARE (572,389 euros, fully funded by the ERDF) paid for "
            "faster voucher distribution. Partners noted that vouchers work well on both "
            "sides: simple to explain, quick to use, and easy to count.</p>"
        ),
        "minutes_fr": (
            "<p>La part du Finistère dans C-CARE (572 389 euros, financés à 100 % par le "
            "FEDER) a permis d'accélérer la distribution des bons. Les partenaires ont "
            "constaté que les bons fonctionnent bien des deux côtés : simples à expliquer, "
            "rapides à utiliser et faciles à compter.</p>"
        ),
        "outputs_en": (
            "<ul><li>A step-by-step description of the faster voucher process.</li>"
            "<li>Recommendations for other départements and councils.</li></ul>"
        ),
        "outputs_fr": (
            "<ul><li>La description pas à pas du circuit accéléré des bons.</li>"
            "<li>Des recommandations pour d'autres départements et collectivités.</li></ul>"
        ),
    },
]

UPCOMING = [
    {
        "slug_en": "digital-mediation-and-food-insecurity",
        "slug_fr": "mediation-numerique-et-precarite-alimentaire",
        "title_en": "Digital mediation and food insecurity: joining up support",
        "title_fr": (
            "Médiation numérique et précarité alimentaire : mieux articuler l'accompagnement"
        ),
        "summary_en": (
            "Many people facing food insecurity also struggle online. Partners compare how "
            "digital mediators and food-aid workers can refer people to each other."
        ),
        "summary_fr": (
            "Beaucoup de personnes en précarité alimentaire sont aussi en difficulté avec le "
            "numérique. Les partenaires comparent comment médiateurs numériques et acteurs de "
            "l'aide alimentaire peuvent s'orienter mutuellement les personnes."
        ),
        "days_ahead": 30,
        "hour": 10,
        "hours": 5,
        "time_zone": "Europe/Paris",
        "format": "hybrid",
        "venue_en": "Departmental council offices, Quimper, and online",
        "venue_fr": "Hôtel du Département, Quimper, et en ligne",
        "joining_details": "Online room: https://meet.example.org/ccare-digital-food (code 4821)",
        "interpretation": "simultaneous",
        "capacity": 25,
        "partners": ["finistere", "kent"],
        "themes": ["food-insecurity", "digital-inclusion"],
        "agenda": [
            ("10:00", "10:30", "Welcome", "Département du Finistère"),
            (
                "10:30",
                "12:00",
                "Fourteen programmes against digital poverty",
                "Département du Finistère",
            ),
            ("13:30", "15:00", "Referral between services: a shared map", "Kent County Council"),
        ],
        "agenda_fr": [
            ("10:00", "10:30", "Accueil", "Département du Finistère"),
            (
                "10:30",
                "12:00",
                "Quatorze programmes contre la précarité numérique",
                "Département du Finistère",
            ),
            (
                "13:30",
                "15:00",
                "L'orientation entre services : une carte commune",
                "Kent County Council",
            ),
        ],
    },
    {
        "slug_en": "reusing-the-c-care-legacy",
        "slug_fr": "reutiliser-l-heritage-c-care",
        "title_en": "Reusing the C-CARE legacy in your region",
        "title_fr": "Réutiliser l'héritage de C-CARE dans votre territoire",
        "summary_en": (
            "An online session for councils and charities that want to reuse C-CARE toolkits, "
            "town-centre plans and case studies."
        ),
        "summary_fr": (
            "Une séance en ligne pour les collectivités et associations qui souhaitent "
            "réutiliser les boîtes à outils, plans de centre-ville et études de cas de C-CARE."
        ),
        "days_ahead": 75,
        "hour": 14,
        "hours": 2,
        "time_zone": "Europe/London",
        "format": "online",
        "joining_details": "Online room: https://meet.example.org/ccare-legacy (code 7315)",
        "interpretation": "simultaneous",
        "capacity": 60,
        "partners": ["kent", "cornwall"],
        "themes": ["business-support", "town-centres"],
        "agenda": [
            ("14:00", "14:45", "A tour of the hub", "Kent County Council"),
            ("14:45", "16:00", "Your questions, your projects", "Kent, Cornwall"),
        ],
        "agenda_fr": [
            ("14:00", "14:45", "Visite guidée du centre de ressources", "Kent County Council"),
            ("14:45", "16:00", "Vos questions, vos projets", "Kent, Cornouailles"),
        ],
    },
]


def _upcoming_times(spec, now):
    zone = ZoneInfo(spec["time_zone"])
    day = (now.astimezone(zone) + datetime.timedelta(days=spec["days_ahead"])).date()
    start = datetime.datetime.combine(day, datetime.time(spec["hour"]), tzinfo=zone)
    return start, start + datetime.timedelta(hours=spec["hours"])


def _fields(spec):
    skip = {"partners", "themes", "agenda", "agenda_fr", "days_ahead", "hour", "hours"}
    fields = {k: v for k, v in spec.items() if k not in skip and k != "slug_en"}
    fields["title"] = spec["title_en"]
    fields["agenda_en"] = _agenda(spec["agenda"])
    fields["agenda_fr"] = _agenda(spec["agenda_fr"])
    return fields


def _workshop(index, spec, start=None, end=None):
    fields = _fields(spec)
    if start:
        fields.update(start=start, end=end)
    page, created = child_page(index, WorkshopPage, spec["slug_en"], **fields)
    if created:
        page.themes.set(Theme.objects.filter(slug__in=spec["themes"]))
        page.partners.set(Partner.objects.filter(slug__in=spec["partners"]))
        page.save_revision().publish()
    return page, created


def _demo_note(workshop):
    outcome = services.register(
        workshop,
        {
            "name": "Demo participant",
            "email": "participant@example.org",
            "organisation": "Example charity",
            "country": "France",
            "language": "fr",
            "needs": "",
            "consent_privacy": True,
            "consent_show_name": False,
        },
        send_email=False,
    )
    if not Note.objects.filter(registration=outcome.registration).exists():
        Note.objects.create(
            workshop=workshop,
            registration=outcome.registration,
            language="fr",
            status=Note.APPROVED,
            body=(
                "Ce que je retiens : **un bon arrive plus vite quand un seul service le "
                "délivre**.\n\n- moins de formulaires\n- un interlocuteur unique"
            ),
        )


def _series(index):
    series, _created = child_page(
        index,
        WorkshopSeriesPage,
        "food-insecurity-series",
        title="Finistère's transnational series on food insecurity",
        title_en="Finistère's transnational series on food insecurity",
        title_fr="La série transnationale du Finistère sur la précarité alimentaire",
        slug_fr="serie-precarite-alimentaire",
        summary_en="The records of the series' workshops, one after the other.",
        summary_fr="Les comptes rendus des ateliers de la série, l'un après l'autre.",
        intro_en=(
            "<p>Partners from Finistère and Kent met to compare how food aid reached people, "
            "then how to train those who support them.</p>"
        ),
        intro_fr=(
            "<p>Les partenaires du Finistère et du Kent se sont réunis pour comparer comment "
            "l'aide alimentaire atteignait les personnes, puis comment former celles et ceux "
            "qui les accompagnent.</p>"
        ),
    )
    return series


@transaction.atomic
def load(home):
    index, _created = child_page(
        home,
        WorkshopIndexPage,
        "workshops",
        title="Transnational workshops",
        title_en="Transnational workshops",
        title_fr="Ateliers transnationaux",
        slug_fr="ateliers",
        summary_en=(
            "Where partners from both sides of the Channel compare their policies: "
            "register for the next workshops and read the records of past ones."
        ),
        summary_fr=(
            "Là où les partenaires des deux rives de la Manche comparent leurs politiques : "
            "inscrivez-vous aux prochains ateliers et lisez les comptes rendus des précédents."
        ),
    )
    # The first two records are Finistère's series; the third stands on its own.
    series = _series(index)
    for n, spec in enumerate(PAST):
        parent = series if n < 2 else index
        earlier = WorkshopPage.objects.child_of(index).filter(slug=spec["slug_en"]).first()
        if earlier is not None and parent is series:
            earlier.move(series, pos="last-child")  # a demo loaded before series existed
        page, _created = _workshop(parent, spec)
    _demo_note(page)
    now = timezone.now()
    for spec in UPCOMING:
        start, end = _upcoming_times(spec, now)
        page, created = _workshop(index, spec, start, end)
        if not created and page.start < now:
            page.start, page.end = start, end
            page.save_revision().publish()
    return index
