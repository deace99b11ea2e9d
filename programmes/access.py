"""Who may edit a programme: moderators everything; a partner editor the programmes that their
partner leads or takes part in (never publishing them: the moderation workflow does that)."""

from hub.partners.access import PartnerPagePermissionTester, user_partner_ids


class ProgrammePermissionTester(PartnerPagePermissionTester):
    """The resource rules of hub.partners.access, with a programme's partners as its owners."""

    @property
    def owns(self):
        if self._owns is None:
            mine = user_partner_ids(self.user)
            self._owns = bool(mine) and bool(mine & self.page.stored_partner_ids())
        return self._owns
