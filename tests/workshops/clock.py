"""A frozen clock for the workshop tests: ``django.utils.timezone.now`` answers a chosen time."""

import datetime

from django.utils import timezone


class Clock:
    def __init__(self, monkeypatch, start):
        self.now = start
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, moment):
        self.now = moment
        return moment

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)
        return self.now
