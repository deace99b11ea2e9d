# Partners and places get a location (latitude, longitude) for the programme maps; the places
# and partners of the demo and the legacy corpus get theirs (hub.locations), where they exist.

import django.core.validators
from django.db import migrations, models

from hub.locations import PARTNER_LOCATIONS, PLACE_LOCATIONS, fill_locations


def fill(apps, schema_editor):
    fill_locations(apps.get_model("hub", "Partner"), PARTNER_LOCATIONS)
    fill_locations(apps.get_model("hub", "Place"), PLACE_LOCATIONS)


def latitude():
    return models.FloatField(
        blank=True,
        help_text="In decimal degrees, north positive, e.g. 48.39 for Brest.",
        null=True,
        validators=[
            django.core.validators.MinValueValidator(
                -90, "A latitude is between -90 and 90 degrees."
            ),
            django.core.validators.MaxValueValidator(
                90, "A latitude is between -90 and 90 degrees."
            ),
        ],
        verbose_name="latitude",
    )


def longitude():
    return models.FloatField(
        blank=True,
        help_text="In decimal degrees, east positive, west negative, e.g. -4.49 for Brest.",
        null=True,
        validators=[
            django.core.validators.MinValueValidator(
                -180, "A longitude is between -180 and 180 degrees."
            ),
            django.core.validators.MaxValueValidator(
                180, "A longitude is between -180 and 180 degrees."
            ),
        ],
        verbose_name="longitude",
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
