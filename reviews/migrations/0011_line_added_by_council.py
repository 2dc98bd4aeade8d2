from django.db import migrations, models

# Until now only the review manager could add a line, yet it was labelled "added by the council".
OLD, NEW = " (added by the council)", " (added for this review)"


def relabel_snapshots(apps, schema_editor):
    """Scope snapshots kept the old label; say what the line is now, so a comparison shows no false change."""
    ScopeEvent = apps.get_model("reviews", "ScopeEvent")
    for event in ScopeEvent.objects.all():
        lines = (event.snapshot or {}).get("lines", [])
        if any(line.endswith(OLD) for line in lines):
            event.snapshot["lines"] = [
                line[: -len(OLD)] + NEW if line.endswith(OLD) else line for line in lines
            ]
            event.save(update_fields=["snapshot"])


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0010_review_postponed_or_called_off"),
    ]

    operations = [
        migrations.AddField(
            model_name="reviewline",
            name="added_by_council",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(relabel_snapshots, migrations.RunPython.noop),
    ]
