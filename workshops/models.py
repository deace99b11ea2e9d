"""Transnational workshops."""
