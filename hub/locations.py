"""Where the demo's and the legacy corpus's partners and places are: latitude and longitude
(WGS 84, rounded to 0.01°, about a kilometre), which the programme maps draw.

Partners: the town of the council's seat (county hall, civic centre, hôtel du département), or
for Le Dôme its town, Caen. Partners whose office is not among the facts the hub was given
(New Anglia LEP, Pas-de-Calais Tourisme, the Campus in Normandy) have none: their editors set
it in the admin, and until then the maps list them beside the map instead of guessing.

Places (regions): a point near the middle of the region, placed by hand on a map of its
boundaries (good enough for a marker, not a surveyed centroid). Countries have no point: a
map shades the whole country instead.

``fill_locations`` writes these only where a record has no location yet, so a correction made
in the admin is never overwritten. The demo and a data migration (for sites that already hold
the legacy places) call it with the models they have.
"""

PARTNER_LOCATIONS = {
    "kent": (51.27, 0.52),  # Maidstone, County Hall
    "norfolk": (52.62, 1.30),  # Norwich, County Hall
    "plymouth": (50.37, -4.14),  # Plymouth, city centre
    "finistere": (48.0, -4.10),  # Quimper, hôtel du département
    "cornwall": (50.26, -5.06),  # Truro, New County Hall
    "calvados": (49.18, -0.37),  # Caen, hôtel du département
    "le-dome": (49.19, -0.36),  # Caen
    "cantal": (44.93, 2.44),  # Aurillac, hôtel du département
}

PLACE_LOCATIONS = {
    "gb-kent": (51.19, 0.73),
    "gb-norfolk": (52.67, 0.95),
    "gb-devon": (50.72, -3.80),
    "gb-cornwall": (50.40, -4.90),
    "fr-bretagne": (48.18, -2.84),
    "fr-hauts-de-france": (49.97, 2.78),
    "fr-normandie": (49.10, 0.10),
    "fr-auvergne-rhone-alpes": (45.45, 4.40),
}


def fill_locations(model, locations):
    """Give each record of ``model`` named in ``locations`` (slug: (lat, lon)) its location,
    where it has none. Returns how many were filled."""
    found = model.objects.filter(slug__in=locations, latitude__isnull=True, longitude__isnull=True)
    filled = 0
    for record in found:
        record.latitude, record.longitude = locations[record.slug]
        # save(), not update(): the content generation follows (hub.caching's signals).
        record.save(update_fields=["latitude", "longitude"])
        filled += 1
    return filled
