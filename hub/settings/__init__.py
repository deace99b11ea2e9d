"""Settings per environment: base (safe for production), dev, test and production."""
