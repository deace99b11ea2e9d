"""Records what participants' calendars hold of each workshop published before change emails
existed (issue 18), so that the next change of time, venue or joining details is announced:
without it, the first publication after the upgrade would only record the state, silently."""

from django.db import migrations


def record_calendar_state(apps, schema_editor):
    from workshops.duties import fingerprint  # the same fingerprint the publish hook compares

    Seats = apps.get_model("workshops", "Seats")
    for seats in Seats.objects.filter(announced="").select_related("workshop"):
        if seats.workshop.live:
            Seats.objects.filter(pk=seats.pk, announced="").update(
                announced=fingerprint(seats.workshop)
            )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0003_organisers_offers_reminders_series")]

    operations = [migrations.RunPython(record_calendar_state, migrations.RunPython.noop)]
