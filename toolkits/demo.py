# ruff: noqa: E501, C408 - long bilingual demo sentences read better unwrapped
"""Demo toolkits, town-centre plans and publications, in English and French.

Written in our own words from public facts about C-CARE (see the product brief). The town-centre
plans are illustrative: their actions and figures show what the page type holds, they are not
any council's adopted plan. Idempotent: pages are found by their English slug, documents by title.
"""

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction

from hub.demo import _upsert, child_page
from hub.models import HubDocument, Partner, Place, ResourceDocument, Theme

from .models import (
    PublicationIndexPage,
    PublicationPage,
    ToolkitIndexPage,
    ToolkitPage,
    TownCentrePlanIndexPage,
    TownCentrePlanPage,
)

# Themes the legacy corpus files resources under, beside the hub's own.
LEGACY_THEMES = [
    ("employment", "Employment", "Emploi"),
    ("youth-employment", "Youth employment", "Emploi des jeunes"),
    ("energy-poverty", "Energy poverty", "Précarité énergétique"),
]

INDEXES = [
    (
        ToolkitIndexPage,
        "toolkits",
        "boites-a-outils",
        ("Toolkits", "Boîtes à outils"),
        (
            "Practical guides, step by step, with templates to download and adapt.",
            "Des guides pratiques, étape par étape, avec des modèles à télécharger et adapter.",
        ),
    ),
    (
        TownCentrePlanIndexPage,
        "town-centre-plans",
        "plans-de-centre-ville",
        ("Town-centre plans", "Plans de centre-ville"),
        (
            "How towns on both sides of the Channel plan the future of their centres.",
            "Comment des villes des deux rives de la Manche préparent l'avenir de leur centre.",
        ),
    ),
    (
        PublicationIndexPage,
        "publications",
        "publications",
        ("Publications", "Publications"),
        (
            "Reports, evaluations and agreements from the programme and its partners.",
            "Rapports, évaluations et conventions du programme et de ses partenaires.",
        ),
    ),
]


def text_document(title, language, filename, text):
    """A small generated text document, created once (found again by title and language)."""
    doc = HubDocument.objects.filter(title=title, language=language).first()
    if doc is None:
        doc = HubDocument(title=title, language=language)
        doc.file.save(filename, ContentFile(text.encode("utf-8")), save=False)
        doc.save()
    return doc


def resource(
    parent,
    model,
    slug_en,
    *,
    themes=(),
    partners=(),
    places=(),
    documents=(),
    figures=(),
    **fields,
):
    """Find or create a published resource with its taxonomy, documents and figures (made
    before the revision is published, so the editor's form shows them)."""
    page, created = child_page(parent, model, slug_en, title=fields["title_en"], **fields)
    if created:
        page.themes.set(Theme.objects.filter(slug__in=themes))
        page.partners.set(Partner.objects.filter(slug__in=partners))
        page.places.set(Place.objects.filter(slug__in=places))
        add_figures(page, figures)
        # "Available in" as the admin works it out: from the fields filled in each language.
        page.derive_languages()
        page.save()
        page.save_revision().publish()
    for order, doc in enumerate(documents):
        if not ResourceDocument.objects.filter(page=page, document=doc).exists():
            ResourceDocument.objects.create(page=page, document=doc, sort_order=order)
    return page


def add_figures(page, figures):
    """The page's figures (programmes.ResourceIndicator): dicts of field values, the
    partner, place and theme by slug, both languages' label."""
    from programmes.models import ResourceIndicator

    lookups = {"partner": Partner, "place": Place, "theme": Theme}
    for order, spec in enumerate(figures):
        row = dict(spec)
        for name, model in lookups.items():
            if name in row:
                row[name] = model.objects.get(slug=row[name])
        row.setdefault("label", row["label_en"])
        ResourceIndicator.objects.create(page=page, sort_order=order, **row)


def figure(label_en, label_fr, unit, value=None, **fields):
    """One figure of a demo resource, its value as text so that it stays exact."""
    row = {"label_en": label_en, "label_fr": label_fr, "unit": unit, **fields}
    row["value"] = Decimal(str(value)) if value is not None else None
    for name in ("baseline", "target"):
        if name in row:
            row[name] = Decimal(str(row[name]))
    return row


def rich(text):
    return f"<p>{text}</p>"


def load_indexes(home):
    pages = {}
    for model, slug_en, slug_fr, (title_en, title_fr), (sum_en, sum_fr) in INDEXES:
        pages[model], _created = child_page(
            home,
            model,
            slug_en,
            title=title_en,
            title_en=title_en,
            title_fr=title_fr,
            slug_fr=slug_fr,
            summary_en=sum_en,
            summary_fr=sum_fr,
        )
    return pages


def load_toolkits(index):
    form_en = text_document(
        "Food-voucher referral form (template)",
        "en",
        "food-voucher-referral-form.txt",
        "FOOD-VOUCHER REFERRAL FORM\n\nReferring organisation:\nContact name and phone:\n"
        "Household (adults / children):\nReason for the referral:\nVouchers requested:\n"
        "Date sent to the department:\n",
    )
    form_fr = text_document(
        "Fiche d'orientation pour l'aide alimentaire (modèle)",
        "fr",
        "fiche-orientation-aide-alimentaire.txt",
        "FICHE D'ORIENTATION – AIDE ALIMENTAIRE\n\nStructure qui oriente :\n"
        "Contact (nom et téléphone) :\nFoyer (adultes / enfants) :\nMotif de l'orientation :\n"
        "Bons demandés :\nDate d'envoi au Département :\n",
    )
    steps_en = {
        "heading": "Steps",
        "steps": [
            {
                "title": "Map who already gives food aid",
                "text": rich("List food banks, social grocery shops and charities in each area."),
                "duration": "2 weeks",
            },
            {
                "title": "Agree one referral form",
                "text": rich("Every partner refers households with the same short form."),
                "duration": "1 meeting",
                "download": form_en.pk,
            },
            {
                "title": "Send vouchers within the week",
                "text": rich("The department checks the form and posts the vouchers in days."),
                "duration": "Ongoing",
            },
        ],
    }
    steps_fr = {
        "heading": "Étapes",
        "steps": [
            {
                "title": "Recenser les acteurs de l'aide alimentaire",
                "text": rich(
                    "Banques alimentaires, épiceries sociales et associations, par territoire."
                ),
                "duration": "2 semaines",
            },
            {
                "title": "Adopter une fiche d'orientation commune",
                "text": rich(
                    "Tous les partenaires orientent les familles avec la même fiche courte."
                ),
                "duration": "1 réunion",
                "download": form_fr.pk,
            },
            {
                "title": "Envoyer les bons dans la semaine",
                "text": rich(
                    "Le Département vérifie la fiche et envoie les bons en quelques jours."
                ),
                "duration": "En continu",
            },
        ],
    }
    resource(
        index,
        ToolkitPage,
        "faster-food-vouchers",
        title_en="Getting food vouchers to households faster",
        title_fr="Distribuer plus vite les bons alimentaires",
        slug_fr="bons-alimentaires-plus-vite",
        summary_en=(
            "How Finistère cut the time between a referral and a food voucher, step by step, "
            "with the referral form to adapt."
        ),
        summary_fr=(
            "Comment le Finistère a réduit le délai entre une orientation et un bon alimentaire, "
            "étape par étape, avec la fiche d'orientation à adapter."
        ),
        date=datetime.date(2022, 6, 15),
        body_en=[
            {"type": "audience", "value": {"audiences": ["Social workers", "Food-aid charities"]}},
            {
                "type": "purpose",
                "value": {
                    "text": rich("Families in crisis should not wait weeks for food aid."),
                    "outcomes": ["Vouchers sent within days", "One form for every partner"],
                },
            },
            {"type": "steps", "value": steps_en},
            {
                "type": "checklist",
                "value": {
                    "title": "Before the first referral",
                    "items": ["Partners agreed the criteria", "Form shared", "Contact named"],
                },
            },
            {
                "type": "contact",
                "value": {
                    "name": "Food insecurity team",
                    "organisation": "Département du Finistère",
                    "email": "demo-food@example.org",
                },
            },
        ],
        body_fr=[
            {
                "type": "audience",
                "value": {"audiences": ["Travailleurs sociaux", "Associations d'aide alimentaire"]},
            },
            {
                "type": "purpose",
                "value": {
                    "text": rich("Une famille en difficulté ne doit pas attendre des semaines."),
                    "outcomes": ["Des bons envoyés en quelques jours", "Une seule fiche pour tous"],
                },
            },
            {"type": "steps", "value": steps_fr},
            {
                "type": "checklist",
                "value": {
                    "title": "Avant la première orientation",
                    "items": ["Critères partagés", "Fiche diffusée", "Référent désigné"],
                },
            },
            {
                "type": "contact",
                "value": {
                    "name": "Mission précarité alimentaire",
                    "organisation": "Département du Finistère",
                    "email": "demo-food@example.org",
                },
            },
        ],
        themes=["food-insecurity"],
        partners=["finistere"],
        places=["fr", "fr-bretagne"],
        documents=[form_en, form_fr],
    )
    resource(
        index,
        ToolkitPage,
        "digital-mediation-training",
        title_en="Setting up digital-mediation training",
        title_fr="Mettre en place une formation à la médiation numérique",
        slug_fr="formation-mediation-numerique",
        summary_en=(
            "A course for the people who help others online: content, partners and the "
            "checklist used in Finistère's programmes against digital poverty."
        ),
        summary_fr=(
            "Une formation pour celles et ceux qui accompagnent les autres en ligne : contenu, "
            "partenaires et liste de contrôle des programmes finistériens contre la précarité "
            "numérique."
        ),
        date=datetime.date(2022, 11, 3),
        body_en=[
            {"type": "audience", "value": {"audiences": ["Front-desk staff", "Volunteers"]}},
            {
                "type": "checklist",
                "value": {
                    "title": "A good session",
                    "items": ["Small groups", "Real tasks (forms, email)", "A follow-up date"],
                },
            },
        ],
        body_fr=[
            {"type": "audience", "value": {"audiences": ["Agents d'accueil", "Bénévoles"]}},
            {
                "type": "checklist",
                "value": {
                    "title": "Une bonne séance",
                    "items": ["Petits groupes", "Démarches réelles", "Un rendez-vous de suivi"],
                },
            },
        ],
        themes=["digital-inclusion"],
        partners=["finistere"],
        places=["fr-bretagne"],
    )
    resource(
        index,
        ToolkitPage,
        "business-vouchers",
        title_en="Running a business-voucher scheme",
        title_fr="Organiser un dispositif de bons aux entreprises",
        slug_fr="bons-aux-entreprises",
        summary_en=(
            "Small grants as vouchers reached businesses quickly: eligibility, checks and "
            "follow-up, from a scheme worth one million pounds."
        ),
        summary_fr=(
            "De petites aides sous forme de bons ont vite atteint les entreprises : éligibilité, "
            "contrôles et suivi, d'après un dispositif d'un million de livres."
        ),
        date=datetime.date(2023, 1, 20),
        body_en=[
            {
                "type": "purpose",
                "value": {
                    "text": rich(
                        "Help small firms adapt after Covid-19 without a long grant process."
                    )
                },
            },
            {
                "type": "contact",
                "value": {
                    "name": "Business support team",
                    "organisation": "Kent County Council",
                    "email": "demo-business@example.org",
                },
            },
        ],
        body_fr=[
            {
                "type": "purpose",
                "value": {
                    "text": rich(
                        "Aider les petites entreprises à s'adapter après le Covid-19, sans long dossier."
                    )
                },
            },
        ],
        themes=["business-support"],
        partners=["kent", "norfolk", "new-anglia-lep"],
        places=["gb", "gb-kent", "gb-norfolk"],
    )
    resource(
        index,
        ToolkitPage,
        "skills-action-plans",
        title_en="Writing a skills action plan with an employer",
        title_fr="Rédiger un plan d'action compétences avec un employeur",
        slug_fr="plan-action-competences",
        summary_en="The method behind more than 200 skills action plans written in Plymouth.",
        summary_fr="La méthode des plus de 200 plans d'action compétences rédigés à Plymouth.",
        date=datetime.date(2022, 3, 10),
        body_en=[
            {
                "type": "paragraph",
                "value": rich("Start from the employer's next hire, not from a course catalogue."),
            }
        ],
        body_fr=[],
        themes=["social-inclusion", "business-support"],
        partners=["plymouth"],
        places=["gb-devon"],
    )


def load_plans(index):
    plans = [
        (
            "morlaix-centre",
            "plan-centre-morlaix",
            (
                "Morlaix town centre: living and trading in the centre",
                "Centre de Morlaix : habiter et commercer au centre",
            ),
            (
                "Illustrative plan: bring empty shops and flats back into use.",
                "Plan d'illustration : remettre en usage commerces et logements vides.",
            ),
            dict(
                town="Morlaix",
                country="FR",
                population_band="5k-20k",
                plan_start=2022,
                plan_end=2026,
                latitude="48.57770",
                longitude="-3.82790",
            ),
            (
                "A lively centre where people live above the shops again.",
                "Un centre vivant où l'on habite de nouveau au-dessus des commerces.",
            ),
            ["town-centres"],
            ["finistere"],
            ["fr-bretagne"],
        ),
        (
            "margate-centre",
            "plan-centre-margate",
            ("Margate town centre recovery plan", "Plan de relance du centre de Margate"),
            (
                "Illustrative plan: culture, markets and pop-up shops after Covid-19.",
                "Plan d'illustration : culture, marchés et boutiques éphémères après le Covid-19.",
            ),
            dict(
                town="Margate",
                country="GB",
                population_band="50k-100k",
                plan_start=2021,
                plan_end=2025,
                latitude="51.38940",
                longitude="1.38680",
            ),
            (
                "A seaside centre busy all year, not only in summer.",
                "Un centre balnéaire animé toute l'année, pas seulement l'été.",
            ),
            ["town-centres", "business-support"],
            ["kent"],
            ["gb-kent"],
        ),
        (
            "berck-centre",
            "plan-centre-berck",
            (
                "Berck-sur-Mer: a centre for sustainable tourism",
                "Berck-sur-Mer : un centre pour le tourisme durable",
            ),
            (
                "Illustrative plan linking the town centre to the coast on foot and by bike.",
                "Plan d'illustration reliant le centre au littoral à pied et à vélo.",
            ),
            dict(
                town="Berck-sur-Mer",
                country="FR",
                population_band="5k-20k",
                plan_start=2023,
                plan_end=2027,
                latitude="50.40830",
                longitude="1.59280",
            ),
            (
                "Visitors arrive by train and walk from the station to the beach.",
                "Les visiteurs arrivent en train et vont à pied de la gare à la plage.",
            ),
            ["town-centres", "sustainable-tourism"],
            ["pas-de-calais-tourisme"],
            ["fr-hauts-de-france"],
        ),
    ]
    for slug_en, slug_fr, (t_en, t_fr), (s_en, s_fr), facts, (
        v_en,
        v_fr,
    ), themes, partners, places in plans:
        actions = {
            "heading": "Priority actions",
            "actions": [
                {
                    "action": "Open empty shops to pop-up traders",
                    "lead": "Town council",
                    "start_year": facts["plan_start"],
                    "end_year": facts["plan_start"] + 2,
                    "budget": "60000",
                    "currency": "GBP" if facts["country"] == "GB" else "EUR",
                    "status": "in_progress",
                },
                {
                    "action": "Safer walking routes",
                    "lead": "Highways team",
                    "start_year": facts["plan_start"] + 1,
                    "end_year": facts["plan_end"],
                    "status": "planned",
                },
            ],
        }
        actions_fr = {
            "heading": "Actions prioritaires",
            "actions": [
                dict(
                    actions["actions"][0],
                    action="Ouvrir les boutiques vides à des commerces éphémères",
                    lead="Mairie",
                ),
                dict(
                    actions["actions"][1],
                    action="Des itinéraires piétons plus sûrs",
                    lead="Service voirie",
                ),
            ],
        }
        indicators = [
            figure(
                "empty shop units on the high street",
                "cellules commerciales vides dans la rue principale",
                "percent",
                11,
                baseline=14,
                target=8,
                kind="result",
                theme="town-centres",
                note_en="Share of ground-floor shop units standing empty; fewer is better.",
                note_fr="Part des rez-de-chaussée commerciaux vacants ; moins, c'est mieux.",
            ),
            figure(
                "footfall on a market day",
                "fréquentation un jour de marché",
                "other",
                4550,
                baseline=4200,
                target=5000,
                kind="result",
                unit_name_en="visitors a day",
                unit_name_fr="visiteurs par jour",
                unit_name="visitors a day",
                theme="town-centres",
            ),
            figure(
                "pop-up traders given an empty shop",
                "commerces éphémères installés dans une boutique vide",
                "businesses",
                12,
                target=20,
                theme="town-centres",
            ),
        ]
        resource(
            index,
            TownCentrePlanPage,
            slug_en,
            title_en=t_en,
            title_fr=t_fr,
            slug_fr=slug_fr,
            summary_en=s_en,
            summary_fr=s_fr,
            vision_en=v_en,
            vision_fr=v_fr,
            date=datetime.date(facts["plan_start"], 3, 1),
            body_en=[{"type": "priority_actions", "value": actions}],
            body_fr=[{"type": "priority_actions", "value": actions_fr}],
            figures=indicators,
            themes=themes,
            partners=partners,
            places=places,
            **facts,
        )


def load_publications(index):
    report = text_document(
        "C-CARE results 2020-2023 (summary)",
        "en",
        "c-care-results-summary.txt",
        "C-CARE, August 2020 to June 2023. Budget: 6.7 million euros (ERDF, France (Channel) "
        "England programme).\nBusinesses supported: 2,407. People at risk of exclusion supported: "
        "2,784.\nNew businesses in Norfolk: 144. Programmes against digital poverty in Finistère: "
        "14.\n",
    )
    resource(
        index,
        PublicationPage,
        "c-care-results",
        title_en="C-CARE in figures, 2020-2023",
        title_fr="C-CARE en chiffres, 2020-2023",
        slug_fr="c-care-en-chiffres",
        summary_en="What seven partners achieved with 6.7 million euros from the ERDF.",
        summary_fr="Ce que sept partenaires ont accompli avec 6,7 millions d'euros du FEDER.",
        publication_type="report",
        publisher="Kent County Council",
        date=datetime.date(2023, 6, 30),
        body_en=[
            {
                "type": "key_points",
                "value": {
                    "heading": "Key points",
                    "points": [
                        "2,407 businesses and 2,784 people at risk of exclusion were supported.",
                        "144 new businesses were created in Norfolk.",
                        "A sustainable-tourism academy opened in Pas-de-Calais.",
                    ],
                },
            }
        ],
        body_fr=[
            {
                "type": "key_points",
                "value": {
                    "heading": "À retenir",
                    "points": [
                        "2 407 entreprises et 2 784 personnes menacées d'exclusion ont été accompagnées.",
                        "144 entreprises ont été créées dans le Norfolk.",
                        "Une académie du tourisme durable a ouvert dans le Pas-de-Calais.",
                    ],
                },
            }
        ],
        themes=["business-support", "social-inclusion"],
        partners=[
            "kent",
            "norfolk",
            "new-anglia-lep",
            "plymouth",
            "pas-de-calais-tourisme",
            "finistere",
        ],
        places=["gb", "fr"],
        documents=[report],
    )
    resource(
        index,
        PublicationPage,
        "finistere-in-c-care",
        title_en="Finistère's part in C-CARE",
        title_fr="La participation du Finistère à C-CARE",
        slug_fr="finistere-dans-c-care",
        summary_en="572,389 euros, fully funded by the ERDF, for food aid, RSA self-employed people and digital skills.",
        summary_fr="572 389 euros, financés à 100 % par le FEDER, pour l'aide alimentaire, les travailleurs indépendants au RSA et le numérique.",
        publication_type="report",
        publisher="Département du Finistère",
        date=datetime.date(2021, 3, 1),
        body_en=[],
        body_fr=[
            {
                "type": "key_points",
                "value": {
                    "heading": "À retenir",
                    "points": [
                        "Distribution plus rapide des bons alimentaires.",
                        "Formation des travailleurs sociaux et des associations à la précarité alimentaire.",
                        "Accompagnement des travailleurs indépendants bénéficiaires du RSA.",
                    ],
                },
            }
        ],
        themes=["food-insecurity", "digital-inclusion", "social-inclusion"],
        partners=["finistere"],
        places=["fr-bretagne"],
    )
    resource(
        index,
        PublicationPage,
        "lessons-learnt",
        title_en="Lessons learnt from C-CARE",
        title_fr="Les enseignements de C-CARE",
        slug_fr="enseignements-c-care",
        summary_en="Creative engagement, good management information and vouchers: what worked.",
        summary_fr="Aller vers les publics, bien piloter et miser sur les bons : ce qui a marché.",
        publication_type="evaluation",
        date=datetime.date(2023, 5, 15),
        body_en=[
            {
                "type": "key_points",
                "value": {
                    "heading": "Key points",
                    "points": [
                        "Hard-to-reach people need creative ways of engaging them.",
                        "Management information dashboards (Power BI) helped delivery.",
                        "Vouchers worked well for businesses.",
                    ],
                },
            }
        ],
        body_fr=[
            {
                "type": "key_points",
                "value": {
                    "heading": "À retenir",
                    "points": [
                        "Les publics éloignés demandent des façons créatives d'aller vers eux.",
                        "Les tableaux de bord (Power BI) ont aidé au pilotage.",
                        "Les bons ont bien fonctionné auprès des entreprises.",
                    ],
                },
            }
        ],
        themes=["business-support", "social-inclusion"],
        partners=["kent"],
        places=["gb", "fr"],
    )


@transaction.atomic
def load(home):
    for slug, en, fr in LEGACY_THEMES:
        _upsert(Theme, {"slug": slug}, name_en=en, name_fr=fr)
    indexes = load_indexes(home)
    load_toolkits(indexes[ToolkitIndexPage])
    load_plans(indexes[TownCentrePlanIndexPage])
    load_publications(indexes[PublicationIndexPage])
    return indexes
