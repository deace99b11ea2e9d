"""Accounts the browser journeys log in with, added to the demo database.

Run as ``python -m tests.browser.seed`` with the server's settings. Partner editors and
moderators come from the apps' own groups when they exist (the partners feature), so the
journeys act with the permissions real users get; otherwise they fall back to Wagtail's
default Editors and Moderators groups.
"""

import django

PASSWORD = "journey-pass-123"  # noqa: S105 - a throwaway database for tests only

USERS = {
    # username: (superuser, candidate group names, best first)
    "admin": (True, ()),
    "moderator": (False, ("Hub moderators", "Moderators")),
    "editor": (False, ("Partner editors: Kent County Council", "Editors")),
    # A Kent editor whose admin speaks French (the admin journeys in French).
    "editrice": (False, ("Partner editors: Kent County Council", "Editors")),
}
FRENCH_ADMIN = {"editrice"}


def main():
    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user_model = get_user_model()
    for username, (superuser, groups) in USERS.items():
        user, _ = user_model.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "is_staff": True},
        )
        user.is_superuser = superuser
        user.is_staff = True
        user.set_password(PASSWORD)
        user.save()
        for name in groups:
            group = Group.objects.filter(name=name).first()
            if group:
                user.groups.add(group)
                break
        if username in FRENCH_ADMIN:
            from wagtail.users.models import UserProfile

            profile = UserProfile.get_for_user(user)
            profile.preferred_language = "fr"
            profile.save()
    add_video()


# A video the journeys can play: the demo links to a YouTube channel, which is not embeddable.
VIDEO_URL = "https://www.youtube.com/watch?v=QQQQQQQQQQQ"


def add_video():
    from django.apps import apps

    if not apps.is_installed("case_studies"):
        return
    model = apps.get_model("case_studies", "CaseStudyPage")
    page = model.objects.filter(slug_en="invicta-security").first() or model.objects.first()
    if page is None:
        return
    page.video_url = VIDEO_URL
    page.save_revision().publish()


if __name__ == "__main__":
    main()
