"""Demo programmes: C-CARE and the three other programmes of the legacy corpus, with their
funders, strands, indicators and contacts.

Written in our own words from the public facts in the product brief and the legacy corpus;
every figure is one of those facts (none is invented: where only a target is known, the value
is left empty). Idempotent: programmes are found by slug and brought up to date.
"""

import datetime
from decimal import Decimal

from hub.demo import _upsert, child_page
from hub.locations import PARTNER_LOCATIONS, fill_locations
from hub.models import Partner, Place, ResourcePage, Theme

from .models import (
    ImpactPage,
    ProgrammeContact,
    ProgrammeFunder,
    ProgrammeIndexPage,
    ProgrammeIndicator,
    ProgrammePage,
    ProgrammeStrand,
    ResourceIndicator,
)

# Partners of the other programmes (C-CARE's come from hub.demo).
PARTNERS = [
    (
        "calvados",
        "Département du Calvados",
        "Département du Calvados",
        "FR",
        "Normandie",
        "The Calvados department, author of the 2020 social recovery plan.",
        "Le département du Calvados, auteur du plan de relance sociale de 2020.",
    ),
    (
        "le-dome",
        "Le Dôme",
        "Le Dôme",
        "FR",
        "Normandie",
        "A third place in Caen, one of the partners of Territoires partagés.",
        "Tiers-lieu caennais, l'un des partenaires de Territoires partagés.",
    ),
    (
        "cantal",
        "Département du Cantal",
        "Département du Cantal",
        "FR",
        "Auvergne-Rhône-Alpes",
        "The Cantal department, which signed the anti-poverty agreement with the State.",
        "Le département du Cantal, signataire avec l'État de la convention de lutte contre la "
        "pauvreté.",
    ),
]


def figure(label_en, label_fr, value=None, unit="people", **fields):
    return {"label_en": label_en, "label_fr": label_fr, "value": value, "unit": unit, **fields}


PROGRAMMES = [
    {
        "slug": "c-care",
        "title_en": "C-CARE: Covid Channel Area Response Exchange",
        "title_fr": "C-CARE : Covid Channel Area Response Exchange",
        "acronym": "C-CARE",
        "summary_en": (
            "English and French public bodies helped people and businesses of the Channel area "
            "recover from Covid-19, and shared what worked."
        ),
        "summary_fr": (
            "Des organismes publics anglais et français ont aidé les habitants et les "
            "entreprises de l'espace Manche à se relever de la Covid-19, et partagé ce qui a "
            "marché."
        ),
        "funding_scheme_en": (
            "Interreg France (Channel) England, European Regional Development Fund"
        ),
        "funding_scheme_fr": (
            "Interreg France (Manche) Angleterre, Fonds européen de développement régional"
        ),
        "total_budget": Decimal("6700000"),
        "budget_currency": "EUR",
        "start_date": datetime.date(2020, 8, 1),
        "end_date": datetime.date(2023, 6, 30),
        "lead": "kent",
        "partners": [
            "norfolk",
            "new-anglia-lep",
            "plymouth",
            "pas-de-calais-tourisme",
            "finistere",
            "campus-normandie",
            "cornwall",
        ],
        "places": [
            "gb-kent",
            "gb-norfolk",
            "gb-devon",
            "gb-cornwall",
            "fr-bretagne",
            "fr-hauts-de-france",
            "fr-normandie",
        ],
        "themes": [
            "business-support",
            "social-inclusion",
            "digital-inclusion",
            "food-insecurity",
            "apprenticeship",
            "sustainable-tourism",
            "town-centres",
        ],
        "aims_en": (
            "<ul><li>Support businesses hit by the crisis, with advice and vouchers.</li>"
            "<li>Reach people at risk of exclusion, including those hardest to reach.</li>"
            "<li>Compare policies across the Channel and leave toolkits, case-study videos and "
            "town-centre plans for other regions.</li></ul>"
        ),
        "aims_fr": (
            "<ul><li>Soutenir les entreprises touchées par la crise, par des conseils et des "
            "bons.</li><li>Atteindre les personnes menacées d'exclusion, y compris les plus "
            "éloignées.</li><li>Comparer les politiques des deux rives de la Manche et laisser "
            "aux autres territoires des boîtes à outils, des vidéos et des plans de "
            "centre-ville.</li></ul>"
        ),
        "funders": [
            {
                "name_en": "European Regional Development Fund (Interreg France (Channel) England)",
                "name_fr": (
                    "Fonds européen de développement régional (Interreg France (Manche) Angleterre)"
                ),
                "url": "https://www.channelmanche.com/",
            },
            {
                "name_en": "European Regional Development Fund: Finistère's part",
                "name_fr": "Fonds européen de développement régional : part du Finistère",
                "amount": Decimal("572389"),
                "currency": "EUR",
                "note_en": "100 % ERDF",
                "note_fr": "100 % FEDER",
            },
        ],
        "strands": [
            (
                "Business support and vouchers",
                "Soutien et bons aux entreprises",
                "Advice and vouchers for small businesses hit by Covid-19.",
                "Conseils et bons pour les petites entreprises touchées par la Covid-19.",
            ),
            (
                "People at risk of exclusion",
                "Personnes menacées d'exclusion",
                "Skills, apprenticeships, food aid and digital inclusion.",
                "Compétences, apprentissage, aide alimentaire et inclusion numérique.",
            ),
            (
                "Transnational exchange",
                "Échanges transnationaux",
                "Workshops comparing policies on both sides of the Channel.",
                "Des ateliers pour comparer les politiques des deux côtés de la Manche.",
            ),
        ],
        "indicators": [
            figure(
                "businesses supported",
                "entreprises accompagnées",
                2407,
                "businesses",
                key_figure=True,
                theme="business-support",
            ),
            figure(
                "people at risk of exclusion supported",
                "personnes menacées d'exclusion accompagnées",
                2784,
                "people",
                key_figure=True,
                theme="social-inclusion",
            ),
            figure(
                "worth of business vouchers",
                "de bons aux entreprises",
                1000000,
                "GBP",
                key_figure=True,
                theme="business-support",
            ),
            figure(
                "apprenticeship opportunities opened by Access to Apprenticeships (A2A)",
                "places d'apprentissage ouvertes par Access to Apprenticeships (A2A)",
                373,
                "opportunities",
                key_figure=True,
                partner="norfolk",
                place="gb-norfolk",
                theme="apprenticeship",
            ),
            figure(
                "new businesses created",
                "entreprises créées",
                144,
                "businesses",
                kind="result",
                partner="norfolk",
                place="gb-norfolk",
                theme="business-support",
                key_figure=True,
            ),
            figure(
                "programmes against digital poverty",
                "programmes contre la précarité numérique",
                14,
                "programmes",
                partner="finistere",
                place="fr-bretagne",
                theme="digital-inclusion",
                key_figure=True,
            ),
            figure(
                "skills action plans",
                "plans d'action pour les compétences",
                200,
                "plans",
                partner="plymouth",
                place="gb-devon",
                theme="apprenticeship",
                note_en="more than 200",
                note_fr="plus de 200",
            ),
            figure(
                "sustainable-tourism academy",
                "académie du tourisme durable",
                1,
                "other",
                partner="pas-de-calais-tourisme",
                place="fr-hauts-de-france",
                theme="sustainable-tourism",
            ),
            figure(
                "of individuals said A2A's support mattered",
                "des personnes jugent que l'appui d'A2A a compté",
                96,
                "percent",
                kind="result",
                partner="norfolk",
                place="gb-norfolk",
                theme="apprenticeship",
            ),
            figure(
                "of businesses said A2A's support mattered",
                "des entreprises jugent que l'appui d'A2A a compté",
                93,
                "percent",
                kind="result",
                partner="norfolk",
                place="gb-norfolk",
                theme="apprenticeship",
            ),
        ],
        "contacts": [
            (
                "C-CARE programme team",
                "Lead partner's programme office",
                "Bureau du programme du chef de file",
                "kent",
                "c-care@example.org",
            )
        ],
    },
    {
        "slug": "calvados-social-recovery",
        "title_en": "Calvados social recovery plan",
        "title_fr": "Plan départemental de relance sociale du Calvados",
        "acronym": "",
        "summary_en": (
            "The Calvados department's answer to the crisis in 2020: money for self-employed "
            "workers and young graduates, help for charities, insertion and digital inclusion."
        ),
        "summary_fr": (
            "La réponse du Calvados à la crise en 2020 : aides aux travailleurs non salariés et "
            "aux jeunes diplômés, soutien aux associations, insertion et inclusion numérique."
        ),
        "funding_scheme_en": "Département du Calvados (own budget)",
        "funding_scheme_fr": "Département du Calvados (budget propre)",
        "start_date": datetime.date(2020, 9, 1),
        "end_date": datetime.date(2021, 12, 31),
        "lead": "calvados",
        "partners": [],
        "places": ["fr-normandie"],
        "themes": ["social-inclusion", "digital-inclusion"],
        "aims_en": "<p>Protect the people the crisis hit hardest and bring more of them back "
        "towards work.</p>",
        "aims_fr": "<p>Protéger les personnes les plus touchées par la crise et en ramener "
        "davantage vers l'emploi.</p>",
        "funders": [{"name_en": "Département du Calvados", "name_fr": "Département du Calvados"}],
        "strands": [
            (
                "Self-employed workers",
                "Travailleurs non salariés",
                "An exceptional payment of 567 euros each.",
                "Une aide exceptionnelle de 567 euros chacun.",
            ),
            (
                "Young graduates",
                "Jeunes diplômés",
                "A 250-euro allowance for graduates under 25 (1.5 million euros set aside).",
                "Une allocation de 250 euros pour les diplômés de moins de 25 ans (1,5 million "
                "d'euros prévus).",
            ),
            (
                "Anti-poverty charities",
                "Associations de lutte contre la pauvreté",
                "Subsidies doubled.",
                "Des subventions doublées.",
            ),
            (
                "Insertion plan 2021",
                "Plan d'insertion 2021",
                "15 million euros more, support towards work for twice as many people.",
                "15 millions d'euros de plus, deux fois plus de personnes accompagnées vers "
                "l'emploi.",
            ),
            (
                "Digital inclusion",
                "Inclusion numérique",
                "A strategy, and 200 digital vouchers (pass numériques) in a first phase.",
                "Une stratégie, et 200 pass numériques dans une première phase.",
            ),
        ],
        "indicators": [
            figure(
                "requests from self-employed workers",
                "demandes de travailleurs non salariés",
                2800,
                "requests",
                period_end=datetime.date(2020, 9, 1),
                note_en="about 2,800",
                note_fr="environ 2 800",
            ),
            figure(
                "payments of 567 euros made",
                "aides de 567 euros versées",
                2000,
                "payments",
                key_figure=True,
                period_end=datetime.date(2020, 9, 1),
                note_en="nearly 2,000",
                note_fr="près de 2 000",
            ),
            figure(
                "paid to self-employed workers",
                "versés aux travailleurs non salariés",
                1020000,
                "EUR",
                key_figure=True,
                period_end=datetime.date(2020, 9, 1),
                theme="social-inclusion",
            ),
            figure(
                "given to anti-poverty charities",
                "versés aux associations de lutte contre la pauvreté",
                70000,
                "EUR",
                theme="social-inclusion",
            ),
            figure(
                "potential recipients of the young graduates' allowance",
                "bénéficiaires potentiels de l'allocation jeunes diplômés",
                None,
                "people",
                target=6000,
            ),
            figure(
                "people supported towards work",
                "personnes accompagnées vers l'emploi",
                None,
                "people",
                baseline=450,
                target=900,
                period_start=datetime.date(2021, 1, 1),
                period_end=datetime.date(2021, 12, 31),
                theme="social-inclusion",
            ),
            figure(
                "social workers trained",
                "travailleurs sociaux formés",
                None,
                "people",
                target=450,
                note_en="more than 450",
                note_fr="plus de 450",
            ),
            figure(
                "digital vouchers (pass numériques) in a first phase",
                "pass numériques dans une première phase",
                200,
                "other",
                theme="digital-inclusion",
                key_figure=True,
            ),
        ],
        "contacts": [
            (
                "Social action department",
                "Department's social services",
                "Direction de l'action sociale",
                "calvados",
                "",
            )
        ],
    },
    {
        "slug": "territoires-partages",
        "title_en": "Territoires partagés (Caen area)",
        "title_fr": "Territoires partagés (agglomération caennaise)",
        "acronym": "",
        "summary_en": (
            "Four inclusion organisations and three third places in the Caen area try new ways "
            "of supporting jobseekers with few qualifications and young people far from work."
        ),
        "summary_fr": (
            "Quatre structures d'insertion et trois tiers-lieux de l'agglomération caennaise "
            "expérimentent de nouvelles façons d'accompagner les demandeurs d'emploi peu "
            "qualifiés et les jeunes éloignés de l'emploi."
        ),
        "funding_scheme_en": "“100 % inclusion” call of the national skills investment plan",
        "funding_scheme_fr": (
            "Appel « 100 % inclusion » du plan d'investissement dans les compétences"
        ),
        "start_date": datetime.date(2021, 1, 1),
        "end_date": datetime.date(2024, 12, 31),
        "lead": "le-dome",
        "partners": [],
        "places": ["fr-normandie"],
        "themes": ["social-inclusion"],
        "aims_en": "<p>Reach people public services no longer see, and bring them back towards "
        "training and work. ANSA and the NIMEC laboratory evaluate it throughout.</p>",
        "aims_fr": "<p>Aller vers les publics que les services ne voient plus, et les ramener "
        "vers la formation et l'emploi. L'ANSA et le laboratoire NIMEC l'évaluent "
        "tout au long du projet.</p>",
        "funders": [
            {
                "name_en": "French State: skills investment plan",
                "name_fr": "État : plan d'investissement dans les compétences",
            }
        ],
        "strands": [],
        "indicators": [
            figure(
                "participants",
                "participants",
                None,
                "people",
                target=500,
                key_figure=True,
                theme="social-inclusion",
            ),
            figure(
                "positive outcomes (work or training)",
                "sorties positives (emploi ou formation)",
                None,
                "people",
                target=300,
                kind="result",
                theme="social-inclusion",
            ),
        ],
        "contacts": [
            (
                "Territoires partagés team",
                "Project coordination",
                "Coordination du projet",
                "le-dome",
                "",
            )
        ],
    },
    {
        "slug": "cantal-solidarity-pact",
        "title_en": "Cantal anti-poverty agreement and 2024–2027 Solidarity Pact",
        "title_fr": "Convention de lutte contre la pauvreté du Cantal et Pacte des solidarités "
        "2024-2027",
        "acronym": "",
        "summary_en": (
            "The State and the Cantal department agreed on seven joint commitments against "
            "poverty, leading to the 2024–2027 Solidarity Pact."
        ),
        "summary_fr": (
            "L'État et le département du Cantal se sont engagés ensemble sur sept actions contre "
            "la pauvreté, prolongées par le Pacte des solidarités 2024-2027."
        ),
        "funding_scheme_en": "National anti-poverty strategy, then the Solidarity Pact",
        "funding_scheme_fr": "Stratégie nationale de lutte contre la pauvreté, puis Pacte des "
        "solidarités",
        "total_budget": Decimal("600000"),
        "budget_currency": "EUR",
        "start_date": datetime.date(2023, 11, 29),
        "end_date": datetime.date(2027, 12, 31),
        "lead": "cantal",
        "partners": [],
        "places": ["fr-auvergne-rhone-alpes"],
        "themes": ["social-inclusion"],
        "aims_en": "<p>Seven commitments: energy poverty, social work, activity and insertion "
        "of RSA recipients, mobility of jobseekers, insertion through economic "
        "activity and more.</p>",
        "aims_fr": "<p>Sept engagements : précarité énergétique, travail social, activité et "
        "insertion des allocataires du RSA, mobilité des demandeurs d'emploi, "
        "insertion par l'activité économique…</p>",
        "funders": [
            {
                "name_en": "French State",
                "name_fr": "État",
                "amount": Decimal("313000"),
                "currency": "EUR",
            },
            {
                "name_en": "Département du Cantal",
                "name_fr": "Département du Cantal",
                "amount": Decimal("283000"),
                "currency": "EUR",
            },
        ],
        "strands": [
            ("Preventing poverty from childhood", "Prévenir la pauvreté dès l'enfance", "", ""),
            ("Access to work", "Accès à l'emploi", "", ""),
            ("Access to rights, with Soliguide", "Accès aux droits, avec Soliguide", "", ""),
            ("A fair ecological transition", "Une transition écologique juste", "", ""),
        ],
        "indicators": [
            figure(
                "RSA recipients in activity and insertion",
                "allocataires du RSA en activité et insertion",
                None,
                "people",
                target=2000,
                key_figure=True,
                theme="social-inclusion",
                note_en="about 2,000",
                note_fr="environ 2 000",
            ),
            figure("joint commitments", "engagements communs", 7, "other", key_figure=True),
        ],
        "contacts": [
            (
                "Solidarity department",
                "Department's solidarity services",
                "Direction des solidarités",
                "cantal",
                "",
            )
        ],
    },
]


def _set_children(page, relation, model, rows):
    """Replace the page's rows of ``relation`` when they differ from ``rows`` (idempotent)."""
    existing = (
        [{key: getattr(obj, key) for key in rows[0]} for obj in getattr(page, relation).all()]
        if rows
        else []
    )
    wanted = [dict(row) for row in rows]
    if existing == wanted and len(existing) == len(getattr(page, relation).all()):
        return False
    getattr(page, relation).all().delete()
    for order, row in enumerate(rows):
        model.objects.create(programme=page, sort_order=order, **row)
    return True


def _indicator_rows(spec):
    partners = {p.slug: p for p in Partner.objects.all()}
    places = {p.slug: p for p in Place.objects.all()}
    themes = {t.slug: t for t in Theme.objects.all()}
    rows = []
    for item in spec:
        row = dict(item)
        row["value"] = Decimal(row["value"]) if row["value"] is not None else None
        for name in ("target", "baseline"):
            if row.get(name) is not None:
                row[name] = Decimal(row[name])
        row["partner"] = partners.get(row.pop("partner", None))
        row["place"] = places.get(row.pop("place", None))
        row["theme"] = themes.get(row.pop("theme", None))
        rows.append(row)
    return rows


def load_programme(index, spec):
    partners = {p.slug: p for p in Partner.objects.all()}
    fields = {
        key: spec.get(key)
        for key in (
            "acronym",
            "summary_en",
            "summary_fr",
            "funding_scheme_en",
            "funding_scheme_fr",
            "start_date",
            "end_date",
            "aims_en",
            "aims_fr",
        )
    }
    fields["acronym"] = fields["acronym"] or ""
    fields["total_budget"] = spec.get("total_budget")
    fields["budget_currency"] = spec.get("budget_currency", "EUR")
    page, created = child_page(
        index,
        ProgrammePage,
        spec["slug"],
        title=spec["title_en"],
        title_en=spec["title_en"],
        title_fr=spec["title_fr"],
        slug_fr=spec["slug"],
        lead_partner=partners[spec["lead"]],
        **fields,
    )
    changed = False
    for key, value in fields.items():
        if getattr(page, key) != value:
            setattr(page, key, value)
            changed = True
    if page.lead_partner_id != partners[spec["lead"]].pk:
        page.lead_partner = partners[spec["lead"]]
        changed = True
    if changed:
        page.save()
    page.partners.set([partners[s] for s in spec["partners"]])
    page.places.set(list(Place.objects.filter(slug__in=spec["places"])))
    page.themes.set(list(Theme.objects.filter(slug__in=spec["themes"])))
    page.save()
    funders = [
        {
            "name_en": f["name_en"],
            "name_fr": f["name_fr"],
            "name": f["name_en"],
            "url": f.get("url", ""),
            "amount": f.get("amount"),
            "currency": f.get("currency", "EUR"),
            "note_en": f.get("note_en", ""),
            "note_fr": f.get("note_fr", ""),
            "note": f.get("note_en", ""),
        }
        for f in spec["funders"]
    ]
    strands = [
        {
            "title": en,
            "title_en": en,
            "title_fr": fr,
            "description": den,
            "description_en": den,
            "description_fr": dfr,
        }
        for en, fr, den, dfr in spec["strands"]
    ]
    contacts = [
        {
            "name": name,
            "role": role_en,
            "role_en": role_en,
            "role_fr": role_fr,
            "partner": partners[partner],
            "email": email,
        }
        for name, role_en, role_fr, partner, email in spec["contacts"]
    ]
    indicators = _indicator_rows(spec["indicators"])
    for row in indicators:
        row.setdefault("label", row["label_en"])
        row.setdefault("note", row.get("note_en", ""))
    _set_children(page, "funders", ProgrammeFunder, funders)
    _set_children(page, "strands", ProgrammeStrand, strands)
    _set_children(page, "contacts", ProgrammeContact, contacts)
    _set_children(page, "indicators", ProgrammeIndicator, indicators)
    return page


def load(home):
    for slug, en, fr, country, region, description_en, description_fr in PARTNERS:
        _upsert(
            Partner,
            {"slug": slug},
            name_en=en,
            name_fr=fr,
            country=country,
            region_en=region,
            region_fr=region,
            description_en=description_en,
            description_fr=description_fr,
        )
    fill_locations(Partner, PARTNER_LOCATIONS)
    index, _created = child_page(
        home,
        ProgrammeIndexPage,
        "programmes",
        title="Programmes",
        title_en="Programmes",
        title_fr="Programmes",
        slug_fr="programmes",
        summary_en="The public programmes whose legacy the hub keeps: who ran them, with what "
        "money, and what came of them.",
        summary_fr="Les programmes publics dont le centre garde l'héritage : qui les a menés, "
        "avec quels moyens, et pour quels résultats.",
    )
    child_page(
        index,
        ImpactPage,
        "impact",
        title="Impact across programmes",
        title_en="Impact across programmes",
        title_fr="Impact des programmes",
        slug_fr="impact",
        summary_en="What the programmes achieved together, added up only where units agree.",
        summary_fr="Ce que les programmes ont accompli ensemble, additionné seulement quand "
        "les unités concordent.",
    )
    programmes = {spec["slug"]: load_programme(index, spec) for spec in PROGRAMMES}
    # The demo's resources and workshops all come from C-CARE.
    c_care = programmes["c-care"]
    through = ResourcePage.programmes.through
    through.objects.bulk_create(
        through(resourcepage_id=pk, programmepage_id=c_care.pk)
        for pk in ResourcePage.objects.filter(programmes__isnull=True).values_list("pk", flat=True)
    )
    link_resource_figures()
    return programmes


def link_resource_figures():
    """A case study's figure that its programme counts too (same value and unit, one such
    indicator) names it (``same_as``), so the impact page counts it once. The page is
    published again so that its editor's form shows the link; a second run changes nothing."""
    changed = set()
    figures = ResourceIndicator.objects.filter(same_as__isnull=True, value__isnull=False)
    for figure in figures.select_related("page"):
        programme_ids = figure.page.programmes.values_list("pk", flat=True)
        found = list(
            ProgrammeIndicator.objects.filter(
                programme_id__in=programme_ids, value=figure.value, unit=figure.unit
            )[:2]
        )
        if len(found) == 1:
            figure.same_as = found[0]
            figure.save(update_fields=["same_as"])
            changed.add(figure.page_id)
    for page in ResourcePage.objects.filter(pk__in=changed).specific():
        page.save_revision().publish()
