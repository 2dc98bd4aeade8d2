"""Move stored files from the local folder into the configured object store, checking every checksum.

Run once when a site moves to STORAGE_URL, with the new settings and the old folder at hand.
Every file a row names is copied under the same name, read back from the store and compared
byte for byte by SHA-256 (and with the checksum the row recorded, where it keeps one). It can be
stopped at any point and run again: files already in the store with the same checksum are left
alone, so a second run finishes the work. The local folder is not touched; delete it once a run
reports nothing left to do.
"""

import hashlib

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.management.base import BaseCommand, CommandError
from django.db.models import FileField

from peerreview.storage import has_files


def digest(storage, name):
    sha = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in handle.chunks():
            sha.update(chunk)
    return sha.hexdigest()


def stored_names():
    """Every file name a row refers to, with the checksum the row recorded (or "")."""
    names = {}
    for model in filter(has_files, apps.get_models()):
        recorded = "sha256" if any(f.name == "sha256" for f in model._meta.concrete_fields) else None
        for field in (f for f in model._meta.concrete_fields if isinstance(f, FileField)):
            rows = model._default_manager.exclude(**{field.attname: ""}).order_by("pk")
            columns = [field.attname, recorded] if recorded else [field.attname]
            for values in rows.values_list(*columns).iterator():
                names[values[0]] = values[1] if recorded else ""
    return names


class Command(BaseCommand):
    help = "Copy every stored file from the local folder into the object store, checking each checksum."

    def add_arguments(self, parser):
        parser.add_argument(
            "--source", default=str(settings.MEDIA_ROOT), help="the local folder (MEDIA_ROOT)"
        )

    def handle(self, *args, source, **options):
        target = storages["default"]
        if isinstance(target, FileSystemStorage):
            raise CommandError("Stored files go to the local folder: set STORAGE_URL (see README) first.")
        local = FileSystemStorage(location=source)
        counts = {"moved": 0, "already there": 0}
        problems = []
        for name, recorded in sorted(stored_names().items()):
            if not local.exists(name):
                if target.exists(name) and (not recorded or digest(target, name) == recorded):
                    counts["already there"] += 1
                else:
                    problems.append(f"{name}: not in {source} nor in the store")
                continue
            expected = digest(local, name)
            if recorded and expected != recorded:
                problems.append(f"{name}: the local file does not match the checksum its row recorded")
                continue
            if target.exists(name):
                if digest(target, name) == expected:
                    counts["already there"] += 1
                    continue
                target.delete(name)  # a different object under this name: replaced by the local file
            with local.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name or digest(target, name) != expected:
                problems.append(f"{name}: the copy in the store does not match the local file")
                continue
            counts["moved"] += 1
            self.stdout.write(f"Moved {name}")
        self.stdout.write(f"Moved {counts['moved']}, already in the store {counts['already there']}.")
        if problems:
            raise CommandError(
                f"Files not moved: {len(problems)}\n" + "\n".join(problems) + "\nRun again once fixed."
            )
        self.stdout.write("Every file is in the store and its checksum matches.")
