"""Partner editing: who may edit what (groups, collections, moderation), bilingual editing aids,
the missing-translations report and the admin home panels for partner editors."""
