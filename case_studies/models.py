"""Video case studies."""
