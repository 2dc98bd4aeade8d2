"""Importing the pool from CSV: checked line by line, imported only on confirmation, never half-done."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from reviews.models import Role
from teams import importing
from teams.models import PeerImport, PeerProfile
from tests.factories import AuthorityFactory, PeerProfileFactory

HEADER = "email,full_name,job_title,organisation,organisation_type,home_authority,region,roles,expertise,trained_on,accreditation,notes\n"
GOOD = [
    "ada@example.org,Ada Lovelace,Head of Service,Linford City Council,Council children's services,Linford City Council,North West,Officer peer; team leader,Early help; LSCB,14/03/2025,Accredited,",
    "ben@example.org,Ben Okoro,Designated Nurse,Linford NHS Trust,health,,north_west,health_peer,Health safeguarding,01/09/2024,,",
]


@pytest.fixture
def linford(db):
    return AuthorityFactory(name="Linford City Council")


def csv_of(*lines):
    return HEADER + "\n".join(lines) + "\n"


def test_a_good_file_imports_every_peer_with_roles_and_expertise(linford, shipped_data):
    rows, errors = importing.parse(csv_of(*GOOD))
    assert errors == []
    assert importing.write_rows(rows) == (2, 0)
    ada = PeerProfile.objects.get(email="ada@example.org")
    assert ada.home_authority == linford
    assert sorted(ada.capabilities.values_list("role", flat=True)) == ["officer_peer", "team_leader"]
    assert sorted(ada.expertise.values_list("name", flat=True)) == ["Early help", "LSCB"]
    assert str(ada.trained_on) == "2025-03-14"


def test_reimporting_updates_by_email_instead_of_duplicating(linford):
    PeerProfileFactory(email="ada@example.org", full_name="Ada Old Name")
    rows, _ = importing.parse(csv_of(*GOOD))
    assert importing.write_rows(rows) == (1, 1)
    assert PeerProfile.objects.filter(email="ada@example.org").get().full_name == "Ada Lovelace"


@pytest.mark.parametrize(
    ("line", "column", "message"),
    [
        ("not-an-email,X,,,,,,Officer peer,,,,", "email", "is not an email address"),
        ("x@example.org,X,,,,,,Wizard,,,,", "roles", "“Wizard” is not a peer role"),
        (
            "x@example.org,X,,,,,,Officer peer,Juggling,,,",
            "expertise",
            "“Juggling” is not in the list of expertise",
        ),
        ("x@example.org,X,,,,,,Officer peer,,2025-03-14,,", "trained_on", "is not a date like 31/01/2026"),
        (
            "x@example.org,X,,,,Atlantis Council,,Officer peer,,,,",
            "home_authority",
            "No council called “Atlantis Council”",
        ),
        ("x@example.org,X,,,,,,,,,,", "roles", "Give at least one role"),
    ],
)
def test_row_problems_are_reported_by_line_and_column(linford, line, column, message):
    rows, errors = importing.parse(csv_of(GOOD[0], line))
    assert len(rows) == 1
    assert errors[0]["line"] == 3
    assert errors[0]["column"] == column
    assert message in errors[0]["message"]


def test_a_duplicate_email_in_the_file_is_reported(linford):
    _, errors = importing.parse(csv_of(GOOD[0], GOOD[0].replace("Ada Lovelace", "Ada Again")))
    assert errors == [
        {
            "line": 3,
            "column": "email",
            "message": "ada@example.org is also on line 2. Each peer should appear once.",
        }
    ]


def test_a_missing_column_stops_the_check(db):
    _, errors = importing.parse("email,full_name\nx@example.org,X\n")
    assert errors[0]["message"] == "The file has no “roles” column. Start from the template."


def test_the_template_passes_its_own_check(db, shipped_data):
    AuthorityFactory(name="Example Council")
    rows, errors = importing.parse(importing.template_csv())
    assert errors == []
    assert len(rows) == 1


def test_upload_checks_then_imports_only_on_confirmation(
    client, world, linford, django_capture_on_commit_callbacks
):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    data = csv_of(GOOD[0], "bad,X,,,,,,Officer peer,,,,").encode()
    response = client.post(reverse("teams:import-upload"), {"file": SimpleUploadedFile("pool.csv", data)})
    upload = PeerImport.objects.get()
    assert response["Location"] == reverse("teams:import-detail", args=[upload.pk])
    page = client.get(response["Location"]).content.decode()
    assert "Import 1 peer and skip the rows with problems" in page
    assert "“bad” is not an email address." in page
    assert not PeerProfile.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("teams:import-confirm", args=[upload.pk]))
    upload.refresh_from_db()
    assert upload.status == PeerImport.Status.DONE
    assert (upload.created, upload.updated) == (1, 0)
    assert list(PeerProfile.objects.values_list("email", flat=True)) == ["ada@example.org"]
    assert (
        "1 added, 0 updated" in client.get(reverse("teams:import-detail", args=[upload.pk])).content.decode()
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "The file is empty"), (b"\xff\xfe\x00bad", "not a CSV saved as UTF-8")],
)
def test_unreadable_uploads_are_refused_next_to_the_field(client, world, content, message):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    response = client.post(reverse("teams:import-upload"), {"file": SimpleUploadedFile("pool.csv", content)})
    assert message in response.context["form"].errors["file"][0]
    assert not PeerImport.objects.exists()


def test_a_failing_import_leaves_the_pool_as_it_was(world, linford, monkeypatch):
    upload = importing.check_upload(file_name="pool.csv", data=csv_of(*GOOD).encode(), by=None)
    real_write = importing.write_rows

    def write_then_fail(rows):
        real_write(rows)
        raise RuntimeError("disk full")

    monkeypatch.setattr(importing, "write_rows", lambda rows: write_then_fail(rows))
    PeerImport.objects.filter(pk=upload.pk).update(status=PeerImport.Status.QUEUED)
    importing.run_import(upload.pk)
    upload.refresh_from_db()
    assert upload.status == PeerImport.Status.FAILED
    assert "disk full" in upload.failure
    assert not PeerProfile.objects.exists()


def test_the_command_imports_or_refuses_everything(tmp_path, linford, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(csv_of(GOOD[0], "bad,X,,,,,,Officer peer,,,,"))
    with pytest.raises(CommandError, match="1 problem"):
        call_command("import_peers", str(bad))
    assert not PeerProfile.objects.exists()
    assert "Line 3, column email" in capsys.readouterr().err

    call_command("import_peers", str(bad), "--skip-invalid", stdout=io.StringIO())
    assert PeerProfile.objects.count() == 1


@pytest.mark.real_worker
def test_a_real_worker_runs_the_confirmed_import(real_celery_worker, shipped_data, linford):
    import time

    upload = importing.check_upload(file_name="pool.csv", data=csv_of(*GOOD).encode(), by=None)
    importing.confirm_import(upload)
    deadline = time.monotonic() + 20
    while upload.status != PeerImport.Status.DONE and time.monotonic() < deadline:
        time.sleep(0.1)
        upload.refresh_from_db()
    assert upload.status == PeerImport.Status.DONE
    assert PeerProfile.objects.count() == 2


def test_with_the_broker_down_a_confirmed_import_waits_for_the_sweeper(
    client, world, linford, django_capture_on_commit_callbacks
):
    from peerreview import jobs
    from tests.conftest import broker_unreachable

    client.force_login(world.people[Role.REVIEW_MANAGER])
    upload = importing.check_upload(file_name="pool.csv", data=csv_of(*GOOD).encode(), by=None)
    with broker_unreachable():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("teams:import-confirm", args=[upload.pk]))
        assert response.status_code == 302  # not a server error: the confirmation is saved
        upload.refresh_from_db()
        assert (upload.status, upload.attempts) == (PeerImport.Status.QUEUED, 0)
        page = client.get(reverse("teams:import-detail", args=[upload.pk])).content.decode()
        assert "The import service cannot be reached just now" in page
    assert not PeerProfile.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        assert jobs.sweep()["teams.PeerImport"] == {"requeued": 1, "failed": 0}
    upload.refresh_from_db()
    assert (upload.status, upload.attempts, upload.queue_problem) == (PeerImport.Status.DONE, 1, "")
    assert PeerProfile.objects.count() == 2
