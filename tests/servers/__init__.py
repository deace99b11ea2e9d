"""Real gunicorn processes of the site, with production settings, for tests across processes."""
