"""Importing the peer pool from CSV: the documented column layout, checking, and the import itself.

A file is checked first and every problem reported by line and column. Rows are
written only when the manager confirms, in one transaction: nothing is ever
half-imported. Re-importing updates peers by email instead of duplicating them.
"""

import csv
import io
import logging
import uuid
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from peerreview import jobs
from peerreview.errors import ActionRefused
from peerreview.exports import csv_text
from reviews.models import Authority

from .models import Expertise, PeerCapability, PeerImport, PeerProfile, PeerRole

COLUMNS = [
    ("email", "Email address. Used to match peers already in the pool.", True),
    ("full_name", "Full name.", True),
    ("job_title", "Job title.", False),
    ("organisation", "Employing organisation.", False),
    ("organisation_type", "One of: " + "; ".join(PeerProfile.OrganisationType.labels) + ".", False),
    ("home_authority", "The council the peer works in, spelt as in the list of councils.", False),
    ("region", "One of: " + "; ".join(Authority.Region.labels) + ".", False),
    ("roles", "Roles the peer can take, separated by semicolons: " + "; ".join(PeerRole.labels) + ".", True),
    ("expertise", "Expertise, separated by semicolons, from the list of expertise.", False),
    ("trained_on", "Date trained, as DD/MM/YYYY.", False),
    (
        "accreditation",
        "One of: " + "; ".join(PeerProfile.Accreditation.labels) + ". Blank means accredited.",
        False,
    ),
    ("notes", "Notes for review managers.", False),
]
MAX_BYTES = 5 * 1024 * 1024
logger = logging.getLogger(__name__)


def template_csv():
    """A header row and one example, for managers to download and fill in."""
    # Only fixed text today; written by the shared writer so a later column can't bring a formula in.
    return csv_text([
        [name for name, _, _ in COLUMNS],
        ["sam.jones@example.org", "Sam Jones", "Head of Safeguarding", "Example Council", "Council children's services",
         "", "North West", "Officer peer; Team leader", "Child protection; Early help", "14/03/2025", "Accredited", ""],
    ])  # fmt: skip


def _choice(choices, raw):
    """A choice's value from its value or its label, whatever the capitals."""
    wanted = raw.strip().lower()
    for value, label in choices:
        if wanted in (value.lower(), label.lower()):
            return value
    return None


def _split(raw):
    return [part.strip() for part in raw.split(";") if part.strip()]


def parse(text):
    """Check every row. Returns (valid rows as dicts, errors as {line, column, message})."""
    reader = csv.DictReader(io.StringIO(text))
    headers = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [name for name, _, required in COLUMNS if required and name not in headers]
    if missing:
        return [], [
            {
                "line": 1,
                "column": name,
                "message": f"The file has no “{name}” column. Start from the template.",
            }
            for name in missing
        ]
    reader.fieldnames = headers
    councils = {name.lower(): pk for pk, name in Authority.objects.values_list("pk", "name")}
    expertise = {name.lower(): pk for pk, name in Expertise.objects.values_list("pk", "name")}
    rows, errors, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        raw = {key: (value or "").strip() for key, value in raw.items() if key}
        row_errors = []

        def error(column, message, line=line, row_errors=row_errors):
            row_errors.append({"line": line, "column": column, "message": message})

        email = raw.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            error("email", f"“{raw.get('email', '')}” is not an email address.")
        if email in seen:
            error("email", f"{email} is also on line {seen[email]}. Each peer should appear once.")
        seen.setdefault(email, line)
        if not raw.get("full_name"):
            error("full_name", "Enter the peer's full name.")
        row = {
            "email": email,
            "full_name": raw.get("full_name", ""),
            "job_title": raw.get("job_title", ""),
            "organisation": raw.get("organisation", ""),
            "notes": raw.get("notes", ""),
        }
        for column, choices, default in [
            ("organisation_type", PeerProfile.OrganisationType.choices, PeerProfile.OrganisationType.OTHER),
            ("region", Authority.Region.choices, ""),
            ("accreditation", PeerProfile.Accreditation.choices, PeerProfile.Accreditation.ACCREDITED),
        ]:
            value = raw.get(column, "")
            row[column] = _choice(choices, value) if value else default
            if row[column] is None:
                error(column, f"“{value}” is not a known {column.replace('_', ' ')}.")
        council = raw.get("home_authority", "")
        row["home_authority_id"] = councils.get(council.lower()) if council else None
        if council and row["home_authority_id"] is None:
            error("home_authority", f"No council called “{council}”. Add it to the list of councils first.")
        row["roles"] = []
        for role in _split(raw.get("roles", "")):
            value = _choice(PeerRole.choices, role)
            if value is None:
                error("roles", f"“{role}” is not a peer role.")
            else:
                row["roles"].append(value)
        if not row["roles"] and not any(e["column"] == "roles" for e in row_errors):
            error("roles", "Give at least one role the peer can take.")
        row["expertise_ids"] = []
        for name in _split(raw.get("expertise", "")):
            if name.lower() in expertise:
                row["expertise_ids"].append(expertise[name.lower()])
            else:
                error("expertise", f"“{name}” is not in the list of expertise.")
        trained = raw.get("trained_on", "")
        row["trained_on"] = None
        if trained:
            try:
                row["trained_on"] = datetime.strptime(trained, "%d/%m/%Y").date()
            except ValueError:
                error("trained_on", f"“{trained}” is not a date like 31/01/2026.")
        if row_errors:
            errors += row_errors
        else:
            rows.append(row)
    if not rows and not errors:
        errors.append({"line": 1, "column": "", "message": "The file has no peers in it."})
    return rows, errors


def decode(data):
    if not data:
        raise ValueError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise ValueError("The file is larger than 5 MB. Split it into smaller files.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError("The file is not a CSV saved as UTF-8. In Excel, use “CSV UTF-8”.") from None


def check_upload(*, file_name, data, by):
    """Record and check an uploaded file; nothing is imported yet."""
    text = decode(data)
    rows, errors = parse(text)
    return PeerImport.objects.create(
        uploaded_by=by, file_name=file_name[:200], content=text, valid_rows=len(rows), errors=errors
    )


@transaction.atomic
def write_rows(rows):
    """Create or update peers by email, in one transaction. Returns (created, updated)."""
    created = updated = 0
    for row in rows:
        fields = {k: v for k, v in row.items() if k not in {"email", "roles", "expertise_ids"}}
        peer, was_created = PeerProfile.objects.update_or_create(email=row["email"], defaults=fields)
        created += was_created
        updated += not was_created
        peer.capabilities.exclude(role__in=row["roles"]).delete()
        PeerCapability.objects.bulk_create(
            [PeerCapability(peer=peer, role=role) for role in row["roles"]], ignore_conflicts=True
        )
        peer.expertise.set(row["expertise_ids"])
    return created, updated


class TakenOver(Exception):
    """The job was failed or sent again while this worker had it: roll its rows back."""


def run_import(import_id, token=None):
    """Import the valid rows of a confirmed upload.

    Safe to run again, or twice at once: only the message that took the job (`token`) imports,
    a redelivery of it carries on, and a finished or failed import is left alone.
    """
    token = token or uuid.uuid4().hex
    upload = jobs.claim(PeerImport.objects.all(), import_id, token)
    if upload is None:
        return PeerImport.objects.filter(pk=import_id).first()
    try:
        with transaction.atomic():  # the rows and the "done" mark land together, or not at all
            rows, _ = parse(upload.content)
            created, updated = write_rows(rows)
            if not jobs.finish(
                PeerImport, upload.pk, token, status=PeerImport.Status.DONE, created=created, updated=updated
            ):
                raise TakenOver
    except TakenOver:
        logger.warning("Peer import %s was taken from this worker; its rows are left to the other", upload.pk)
    except Exception as failure:  # recorded for the manager to see; the transaction left nothing behind
        logger.exception("Peer import %s failed", upload.pk)
        jobs.finish(
            PeerImport,
            upload.pk,
            token,
            status=PeerImport.Status.FAILED,
            failure=f"{type(failure).__name__}: {failure}",
        )
    upload.refresh_from_db()
    return upload


@transaction.atomic
def confirm_import(upload):
    upload = PeerImport.objects.select_for_update().get(pk=upload.pk)
    if upload.valid_rows == 0:
        raise ActionRefused("There are no valid rows to import. Correct the file and upload it again.")
    if upload.status != PeerImport.Status.CHECKED:
        return upload
    upload.status = PeerImport.Status.QUEUED
    upload.heartbeat_at = timezone.now()
    upload.save(update_fields=["status", "heartbeat_at"])
    jobs.dispatch_on_commit(upload)  # a broker that cannot be reached leaves it queued for the sweeper
    return upload
