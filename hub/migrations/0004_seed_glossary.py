"""Seed the search glossary: the hub's vocabulary (PRODUCT.md), the programme's terms named in
its facts, and the examples of issue 16. Themes and places need no entry (their names are read
from the taxonomy). Moderators edit the glossary afterwards; this runs once."""

from django.db import migrations

# (English terms, French terms): the preferred term first, then variants.
SEED = [
    # The hub's vocabulary
    (["toolkit", "toolkits"], ["boîte à outils", "boîtes à outils"]),
    (["town-centre plan", "town centre plan"], ["plan de centre-ville"]),
    (["case study", "case studies"], ["étude de cas", "études de cas"]),
    (["transnational workshop"], ["atelier transnational", "ateliers transnationaux"]),
    (["partner", "partners"], ["partenaire", "partenaires"]),
    (["theme", "themes"], ["thématique", "thématiques"]),
    (["food insecurity"], ["précarité alimentaire"]),
    (["digital inclusion"], ["inclusion numérique"]),
    (["digital poverty"], ["précarité numérique", "pauvreté numérique"]),
    (["social and professional inclusion"], ["insertion socioprofessionnelle"]),
    (["apprenticeship", "apprenticeships"], ["apprentissage", "apprentissages"]),
    (["business support"], ["soutien aux entreprises", "aide aux entreprises"]),
    (["sustainable tourism"], ["tourisme durable"]),
    (["town centres", "town centre"], ["centres-villes", "centre-ville"]),
    (["registration"], ["inscription"]),
    (["waiting list"], ["liste d'attente"]),
    (["participant notes"], ["notes des participants"]),
    # The programme's own terms
    (["self-employed", "self-employed people"], ["travailleurs indépendants", "travailleurs non-salariés", "indépendants"]),
    (["food voucher", "food vouchers"], ["bon alimentaire", "bons alimentaires"]),
    (["business voucher", "business vouchers"], ["bon aux entreprises", "bons aux entreprises"]),
    (["social worker", "social workers"], ["travailleur social", "travailleurs sociaux"]),
    (["charity", "charities"], ["association", "associations"]),
    (["digital skills"], ["compétences numériques"]),
    (["digital mediation"], ["médiation numérique"]),
    (["skills action plan", "skills action plans"], ["plan d'action compétences"]),
    (["food aid"], ["aide alimentaire"]),
    (["hard-to-reach people"], ["publics éloignés", "publics invisibles"]),
    # Examples of issue 16
    (["exceptional payment", "one-off payment"], ["prestation exceptionnelle", "aide exceptionnelle"]),
    (["jobseeker", "jobseekers", "job seeker", "job seekers"], ["demandeur d'emploi", "demandeurs d'emploi"]),
    (["mobility"], ["mobilité"]),
    (["apprentice", "apprentices"], ["apprenti", "apprentis"]),
    (["third place", "third places"], ["tiers-lieux", "tiers-lieu"]),
    (["youth allowance"], ["allocation jeunes"]),
]


def seed(apps, schema_editor):
    concept = apps.get_model("hub", "GlossaryConcept")
    if concept.objects.exists():
        return
    concept.objects.bulk_create(
        concept(english_terms="\n".join(en), french_terms="\n".join(fr)) for en, fr in SEED
    )


class Migration(migrations.Migration):
    dependencies = [("hub", "0003_glossaryconcept")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
