"""Loads the 2012 framework (reviews/framework_2012.py)."""

from django.db import migrations

from reviews.framework_2012 import FRAMEWORK, load_framework


def load(apps, schema_editor):
    load_framework(apps.get_model("reviews", "Theme"), apps.get_model("reviews", "LineOfEnquiry"))


def unload(apps, schema_editor):
    apps.get_model("reviews", "Theme").objects.filter(number__lte=len(FRAMEWORK)).delete()


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
