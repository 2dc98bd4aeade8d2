"""Follow-up evidence records the type decided from its content, and is named after it.

Rows saved before this kept only the uploaded name, so their stored files are read once here to decide
the type; a file that is missing or would now be refused is served as application/octet-stream (.bin).
"""

from django.db import migrations, models

from reviews.uploads import detect_stored, named_as


def decide_types(apps, schema_editor):
    ProgressUpdate = apps.get_model("casework", "ProgressUpdate")
    for update in ProgressUpdate.objects.exclude(evidence="").iterator():
        content_type = detect_stored(update.evidence, update.evidence_name or "evidence")
        update.evidence_content_type = content_type
        update.evidence_name = named_as(update.evidence_name or "evidence", content_type)
        update.save(update_fields=["evidence_content_type", "evidence_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("casework", "0006_letter_corrections"),
    ]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="evidence_content_type",
            field=models.CharField(blank=True, max_length=120),
        ),
        migrations.RunPython(decide_types, migrations.RunPython.noop, elidable=True),
    ]
