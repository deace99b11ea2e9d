# Partners and places get a location (latitude, longitude) for the programme maps; the places
# and partners of the demo and the legacy corpus get theirs (hub.locations), where they exist.

import django.core.validators
from django.db import migrations, models

from hub.locations import PARTNER_LOCATIONS, PLACE_LOCATIONS, fill_locations


def fill(apps, schema_editor):
    fill_locations(apps.get_model("hub", "Partner"), PARTNER_LOCATIONS)
    fill_locations(apps.get_model("hub", "Place"), PLACE_LOCATIONS)


def degrees(name, limit, help_text):
    message = f"A {name} is between -{limit} and {limit} degrees."
    return models.FloatField(
        blank=True,
        help_text=help_text,
        null=True,
        validators=[
            django.core.validators.MinValueValidator(-limit, message),
            django.core.validators.MaxValueValidator(limit, message),
        ],
        verbose_name=name,
    )


def latitude():
    return degrees("latitude", 90, "In decimal degrees, north positive, e.g. 48.39 for Brest.")


def longitude():
    return degrees(
        "longitude",
        180,
        "In decimal degrees, east positive, west negative, e.g. -4.49 for Brest.",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0013_importrun_files_collection"),
    ]

    operations = [
        migrations.AddField(model_name="partner", name="latitude", field=latitude()),
        migrations.AddField(model_name="partner", name="longitude", field=longitude()),
        migrations.AddField(model_name="place", name="latitude", field=latitude()),
        migrations.AddField(model_name="place", name="longitude", field=longitude()),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
