from django.db import migrations

from teams.expertise import load_expertise


def load(apps, schema_editor):
    load_expertise(apps.get_model("teams", "Expertise"))


class Migration(migrations.Migration):
    dependencies = [("teams", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
