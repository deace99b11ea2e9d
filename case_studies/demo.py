# ruff: noqa: E501, C408 - long bilingual demo sentences read better unwrapped
"""Demo case studies in English and French, one of them with a video and its transcripts.

Written in our own words from public facts about C-CARE. The video address is the programme's
public channel; nothing fetches it. Idempotent: pages are found by their English slug.
"""

import datetime

from django.db import transaction

from hub.demo import child_page
from toolkits.demo import figure, resource, rich

from .models import CaseStudyIndexPage, CaseStudyPage

CHANNEL_URL = "https://www.youtube.com/@interregc-care4592"

INVICTA_TRANSCRIPT_EN = """\
[Narrator] Invicta Security fits alarms, locks and cameras for homes and businesses in Kent.

[Owner] During the lockdowns people were wary of letting anyone into their home. We had to show \
them they could trust us.

[Narrator] With support from the C-CARE programme, the company went through the checks needed \
to become "Trading Standards Checked".

[Owner] Now customers see the badge before they call us. It opened doors again, literally.
"""

INVICTA_TRANSCRIPT_FR = """\
[Narrateur] Invicta Security installe alarmes, serrures et caméras chez les particuliers et les \
entreprises du Kent.

[Gérant] Pendant les confinements, les gens hésitaient à laisser entrer quelqu'un chez eux. Il \
fallait leur montrer qu'ils pouvaient nous faire confiance.

[Narrateur] Avec l'appui du programme C-CARE, l'entreprise a passé les contrôles nécessaires pour \
obtenir le label « Trading Standards Checked ».

[Gérant] Aujourd'hui, les clients voient le label avant même de nous appeler. Cela nous a, \
littéralement, rouvert des portes.
"""


def story(part, text):
    return {"type": "story", "value": {"part": part, "text": rich(text)}}


def quote(text, who):
    return {"type": "quote", "value": {"quote": text, "attribution": who}}


def load_index(home):
    index, _created = child_page(
        home,
        CaseStudyIndexPage,
        "case-studies",
        title="Case studies",
        title_en="Case studies",
        title_fr="Études de cas",
        slug_fr="etudes-de-cas",
        summary_en="What businesses and people did with the programme's support, with figures.",
        summary_fr="Ce que des entreprises et des personnes ont fait avec l'appui du programme.",
    )
    return index


@transaction.atomic
def load(home):
    index = load_index(home)
    resource(
        index,
        CaseStudyPage,
        "invicta-security",
        title_en="Invicta Security: rebuilding customer trust after Covid-19",
        title_fr="Invicta Security : regagner la confiance des clients après le Covid-19",
        slug_fr="invicta-security",
        summary_en=(
            "A Kent security firm became Trading Standards Checked with C-CARE support, so "
            "customers felt safe letting it in again."
        ),
        summary_fr=(
            "Une entreprise de sécurité du Kent a obtenu le label Trading Standards Checked avec "
            "l'appui de C-CARE, pour que ses clients lui ouvrent de nouveau leur porte."
        ),
        organisation="Invicta Security",
        sector="business",
        date=datetime.date(2022, 9, 12),
        video_url=CHANNEL_URL,
        video_title_en="Invicta Security and C-CARE",
        video_title_fr="Invicta Security et C-CARE",
        video_duration="3 min",
        video_transcript_en=INVICTA_TRANSCRIPT_EN,
        video_transcript_fr=INVICTA_TRANSCRIPT_FR,
        body_en=[
            story("challenge", "After the lockdowns, households hesitated to let tradespeople in."),
            story("action", "C-CARE helped the firm through the Trading Standards checks."),
            story("outcomes", "The Trading Standards Checked badge now reassures new customers."),
            quote("Customers see the badge before they call us.", "Owner, Invicta Security"),
        ],
        body_fr=[
            story(
                "challenge",
                "Après les confinements, les ménages hésitaient à faire entrer un artisan.",
            ),
            story(
                "action", "C-CARE a accompagné l'entreprise dans les contrôles Trading Standards."
            ),
            story(
                "outcomes",
                "Le label Trading Standards Checked rassure désormais les nouveaux clients.",
            ),
            quote("Les clients voient le label avant de nous appeler.", "Gérant, Invicta Security"),
        ],
        themes=["business-support"],
        partners=["kent"],
        places=["gb-kent"],
    )
    resource(
        index,
        CaseStudyPage,
        "access-to-apprenticeships",
        title_en="Access to Apprenticeships in Norfolk",
        title_fr="L'accès à l'apprentissage dans le Norfolk",
        slug_fr="acces-apprentissage-norfolk",
        summary_en="The A2A programme opened 373 apprenticeship opportunities and its support mattered to nearly everyone.",
        summary_fr="Le programme A2A a ouvert 373 places d'apprentissage ; son accompagnement a compté pour presque tous.",
        organisation="Norfolk County Council",
        sector="public",
        date=datetime.date(2023, 3, 1),
        body_en=[
            story(
                "challenge",
                "Young people and small employers both lost confidence during the pandemic.",
            ),
            story(
                "action",
                "A2A matched people with employers and supported both through the first months.",
            ),
        ],
        body_fr=[
            story(
                "challenge",
                "Jeunes et petits employeurs avaient perdu confiance pendant la pandémie.",
            ),
            story(
                "action",
                "A2A a mis en relation personnes et employeurs et les a suivis les premiers mois.",
            ),
        ],
        # The 373 opportunities are also C-CARE's own indicator: programmes.demo links them
        # (same_as), so the impact page counts them once.
        figures=[
            figure(
                "apprenticeship opportunities",
                "places d'apprentissage",
                "opportunities",
                373,
                partner="norfolk",
                place="gb-norfolk",
                theme="apprenticeship",
            ),
            figure(
                "of individuals said the support mattered",
                "des personnes jugent que l'accompagnement a compté",
                "percent",
                96,
                kind="result",
                partner="norfolk",
            ),
            figure(
                "of businesses said the support mattered",
                "des entreprises jugent que l'accompagnement a compté",
                "percent",
                93,
                kind="result",
                partner="norfolk",
            ),
        ],
        themes=["apprenticeship", "social-inclusion"],
        partners=["norfolk", "new-anglia-lep"],
        places=["gb-norfolk"],
    )
    resource(
        index,
        CaseStudyPage,
        "finistere-food-insecurity",
        title_en="Finistère: answering food insecurity faster",
        title_fr="Finistère : répondre plus vite à la précarité alimentaire",
        slug_fr="finistere-precarite-alimentaire",
        summary_en="Quicker food vouchers and trained social workers, compared with English partners in workshops.",
        summary_fr="Des bons plus rapides et des travailleurs sociaux formés, comparés avec les partenaires anglais en ateliers.",
        organisation="Département du Finistère",
        sector="public",
        date=datetime.date(2022, 10, 5),
        body_en=[
            story(
                "challenge",
                "The crisis brought new households to food aid, often for the first time.",
            ),
            story(
                "action",
                "Vouchers were sent faster, and social workers and charities were trained.",
            ),
            story(
                "outcomes", "Transnational workshops compared these answers with those in England."
            ),
        ],
        body_fr=[
            story("challenge", "La crise a conduit de nouveaux foyers vers l'aide alimentaire."),
            story(
                "action",
                "Les bons ont été envoyés plus vite ; travailleurs sociaux et associations ont été formés.",
            ),
            story(
                "outcomes",
                "Des ateliers transnationaux ont comparé ces réponses avec celles de l'Angleterre.",
            ),
        ],
        figures=[
            figure(
                "programmes against digital poverty",
                "programmes contre la précarité numérique",
                "programmes",
                14,
                partner="finistere",
                place="fr-bretagne",
                theme="digital-inclusion",
            ),
            figure(
                "of Finistère's part funded by the ERDF",
                "du volet finistérien financé par le FEDER",
                "percent",
                100,
                kind="output",
                partner="finistere",
                note_en="572,389 euros in all.",
                note_fr="572 389 euros au total.",
            ),
        ],
        themes=["food-insecurity"],
        partners=["finistere"],
        places=["fr-bretagne"],
    )
    resource(
        index,
        CaseStudyPage,
        "sustainable-tourism-academy",
        title_en="A sustainable-tourism academy in Pas-de-Calais",
        title_fr="Une académie du tourisme durable dans le Pas-de-Calais",
        slug_fr="academie-tourisme-durable",
        summary_en="Tourism businesses trained together to welcome visitors more sustainably.",
        summary_fr="Des professionnels du tourisme formés ensemble pour accueillir autrement.",
        organisation="Pas-de-Calais Tourisme",
        sector="tourism",
        date=datetime.date(2022, 5, 20),
        body_en=[
            story("action", "Short sessions for hoteliers, guides and sites on low-impact tourism.")
        ],
        body_fr=[
            story(
                "action",
                "Des sessions courtes pour hébergeurs, guides et sites sur un tourisme sobre.",
            )
        ],
        themes=["sustainable-tourism"],
        partners=["pas-de-calais-tourisme"],
        places=["fr-hauts-de-france"],
    )
    return index
