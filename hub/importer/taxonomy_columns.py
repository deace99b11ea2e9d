"""The taxonomy columns of a manifest row (themes, partners, country and region), matched to the
hub's themes, partners and places by any of their names, slug or short name, case, accents
and punctuation aside: ``TaxonomyColumns``, the part of hub.importer.checker's Checker that
reads them.

What the whole manifest names and the hub lacks is collected (``unknown_themes``,
``unknown_partners``) for the report's "create them" choice.
"""

from django.utils.translation import gettext_noop as N_

from .manifest import normalise, split_list


class TaxonomyColumns:
    """Finds a row's themes, partners and place among those the hub holds (read once by
    ``read_taxonomy``). What to do with unknown names follows the Checker's ``create_missing``
    and ``partner_ids`` (hub.importer.checker)."""

    create_missing = False
    partner_ids = None  # the partners a partner editor works for; None: no such limit

    def read_taxonomy(self):
        from hub.models import Partner, Place, Theme
        from hub.models.taxonomy import COUNTRY_CHOICES

        self.countries = {code for code, _label in COUNTRY_CHOICES}
        self.themes = list(Theme.objects.all())
        self.partners = list(Partner.objects.all())
        self.places = list(Place.objects.all())
        # What the whole manifest lacks, for the "create them" choice.
        self.unknown_themes = []
        self.unknown_partners = []

    def find_theme(self, value):
        wanted = normalise(value)
        variants = {wanted, wanted.rstrip("s"), wanted + "s"}
        for theme in self.themes:
            names = {normalise(theme.slug), normalise(theme.name_en), normalise(theme.name_fr)}
            if wanted in names:
                return theme
        # Tolerate a plural/singular slip in slugs ("apprenticeships" for "apprenticeship").
        for theme in self.themes:
            if normalise(theme.slug) in variants:
                return theme
        return None

    def find_partner(self, value):
        wanted = normalise(value)
        for partner in self.partners:
            names = {
                normalise(partner.slug),
                normalise(partner.name_en),
                normalise(partner.name_fr),
                normalise(partner.short_name),
            }
            if wanted in names - {""}:
                return partner
        return None

    def find_place(self, country, region):
        wanted = normalise(region)
        for place in self.places:
            if place.country != country:
                continue
            if not region and not place.name_en and not place.name_fr:
                return place
            names = {normalise(place.name_en), normalise(place.name_fr), normalise(place.slug)}
            if region and wanted in names - {""}:
                return place
        return None

    def _remember(self, found, value):
        if normalise(value) not in {normalise(v) for v in found}:
            found.append(value)

    # The columns ----------------------------------------------------------------------------
    def check_place(self, row, problem):
        """(country code, region, the Place or None) of the row; a wrong one is a problem."""
        country = row.get("country", "").upper()
        region = row.get("region", "")
        place = None
        if country and country not in self.countries:
            problem(
                "country",
                N_("unknown country code “%(value)s” (known: %(known)s)"),
                value=row.get("country"),
                known=", ".join(sorted(self.countries)),
            )
        elif region and not country:
            problem("region", N_("region “%(region)s” is given without a country"), region=region)
        elif country:
            place = self.find_place(country, region)
        return country, region, place

    def check_themes(self, row, problem):
        """(themes found, names of themes to create) of the row's ``themes`` column."""
        themes, new_themes = [], []
        for value in split_list(row.get("themes")):
            theme = self.find_theme(value)
            if theme is not None:
                if theme not in themes:
                    themes.append(theme)
                continue
            self._remember(self.unknown_themes, value)
            if self.create_missing:
                self._remember(new_themes, value)
            elif self.themes:
                problem(
                    "themes",
                    N_("unknown theme “%(theme)s” (known themes: %(known)s)"),
                    theme=value,
                    known=", ".join(t.slug for t in self.themes),
                )
            else:
                problem(
                    "themes",
                    N_("unknown theme “%(theme)s” (known themes: none yet)"),
                    theme=value,
                )
        return themes, new_themes

    def check_partners(self, row, country, problem):
        """(partners found, names of partners to create) of the row's ``partners`` column;
        a partner editor's row must name their own partner."""
        partners, new_partners = [], []
        for name in split_list(row.get("partners")):
            partner = self.find_partner(name)
            if partner is not None:
                if partner not in partners:
                    partners.append(partner)
                continue
            self._remember(self.unknown_partners, name)
            if self.partner_ids is not None:
                problem(
                    "partners",
                    N_(
                        "unknown partner “%(partner)s”: only a moderator can import a row "
                        "for a partner the hub does not know yet"
                    ),
                    partner=name,
                )
            elif not self.create_missing:
                problem("partners", N_("unknown partner “%(partner)s”"), partner=name)
            elif not country or country not in self.countries:
                problem(
                    "partners",
                    N_(
                        "unknown partner “%(partner)s”, and it cannot be created without a "
                        "valid country"
                    ),
                    partner=name,
                )
            elif name not in new_partners:
                new_partners.append(name)
        if self.partner_ids is not None and partners:
            if not {p.pk for p in partners} & self.partner_ids:
                problem(
                    "partners",
                    N_(
                        "this row is for %(partners)s: you can import only your own "
                        "partner's resources"
                    ),
                    partners=", ".join(str(p) for p in partners),
                )
        elif self.partner_ids is not None and not split_list(row.get("partners")):
            problem(
                "partners",
                N_("no partner is given: name your partner in the partners column"),
            )
        return partners, new_partners
