"""Who may edit a programme: moderators everything; a partner editor the programmes that their
partner leads or takes part in (never publishing them: the moderation workflow does that)."""

from hub.partners.access import PartnerPagePermissionTester, user_partner_ids


def programme_partner_ids(page):
    """The lead partner and partners of a programme as stored in the database."""
    from .models import ProgrammePage

    if not getattr(page, "pk", None):
        return frozenset()
    through = ProgrammePage.partners.through
    found = set(
        through.objects.filter(programmepage_id=page.pk).values_list("partner_id", flat=True)
    )
    lead = ProgrammePage.objects.filter(pk=page.pk).values_list("lead_partner_id", flat=True)
    found.update(pk for pk in lead if pk)
    return frozenset(found)


class ProgrammePermissionTester(PartnerPagePermissionTester):
    """The resource rules of hub.partners.access, with a programme's partners as its owners."""

    @property
    def owns(self):
        if self._owns is None:
            mine = user_partner_ids(self.user)
            self._owns = bool(mine) and bool(mine & programme_partner_ids(self.page))
        return self._owns
