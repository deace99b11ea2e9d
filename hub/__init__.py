"""The hub: site-wide models, settings, taxonomy, search and templates of the knowledge hub."""
