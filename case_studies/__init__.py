"""The case_studies app of the knowledge hub."""
