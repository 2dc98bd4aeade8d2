"""Library files are named after the type decided from their content, not the uploaded extension.

content_type was always decided from the content, so only the name changes; the one exception is
"application/x-ole-storage" (any pre-2007 Office file), whose stored files are read once here to tell
Word, Excel and PowerPoint apart. A file that is missing or would now be refused is served as .bin.
"""

from django.db import migrations

from reviews.uploads import TYPES, detect_stored, named_as


def name_by_type(apps, schema_editor):
    DocumentVersion = apps.get_model("reviews", "DocumentVersion")
    for version in DocumentVersion.objects.iterator():
        content_type = version.content_type
        if content_type not in TYPES:
            content_type = detect_stored(version.file, version.original_name)
        name = named_as(version.original_name, content_type)
        if (content_type, name) != (version.content_type, version.original_name):
            version.content_type, version.original_name = content_type, name
            version.save(update_fields=["content_type", "original_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0006_two_factor_event"),
    ]

    operations = [
        migrations.RunPython(name_by_type, migrations.RunPython.noop, elidable=True),
    ]
