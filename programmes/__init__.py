"""Programmes and their outcomes: the programme records, their funders and indicators, the
charts, the impact page across programmes and the open data built from them."""
