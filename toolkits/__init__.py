"""The toolkits app of the knowledge hub."""
