"""Toolkits, town-centre plans and publications."""
