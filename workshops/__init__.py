"""The workshops app of the knowledge hub."""
