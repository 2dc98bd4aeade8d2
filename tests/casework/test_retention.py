"""Notes and evidence links of a closed review are deleted after the retention period; findings stay."""

import io
import uuid
from datetime import timedelta

import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from casework.models import Finding, Note
from casework.services import notes as notes_service
from casework.services import retention as retention_service
from reviews import services as review_services
from reviews.models import AuditEvent, Document, Hypothesis, Review, Role


def closed_review(world):
    manager = world.people[Role.REVIEW_MANAGER]
    note = notes_service.save_note(
        world.review,
        author=world.people[Role.PEER],
        client_id=uuid.uuid4(),
        text="Kept a while.",
        draft=False,
    )
    hypothesis = Hypothesis.objects.create(review=world.review, statement="H")
    notes_service.link_hypothesis(note, hypothesis=hypothesis, stance="supports")
    finding = notes_service.save_finding(
        world.review,
        Finding(review=world.review),
        fields={"kind": "strength", "text": "Stays."},
        notes=[note],
        by=manager,
    )
    for name, keep in [("Policy.pdf", False), ("Kept plan.pdf", True)]:
        (version,) = review_services.upload_documents(
            world.review, files=[SimpleUploadedFile(name, b"%PDF-1.4 x")], by=manager, category="policy"
        )
        Document.objects.filter(pk=version.document_id).update(keep_after_review=keep)
    Review.objects.filter(pk=world.review.pk).update(stage=Review.Stage.FOLLOW_UP)
    review_services.move_stage(world.review, to_stage="closed", by=manager)
    return finding


def test_dry_run_lists_and_the_real_run_deletes_only_what_is_due(world, settings):
    finding = closed_review(world)
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Nothing is due for deletion." in out.getvalue()  # not yet past the period

    later = timezone.now() + timedelta(days=31 * (settings.RETENTION_MONTHS + 1))
    with time_machine.travel(later):
        out = io.StringIO()
        call_command("apply_retention", "--dry-run", stdout=out)
        assert "Would delete 1 notes and 1 documents of" in out.getvalue()
        assert Note.objects.count() == 1

        out = io.StringIO()
        call_command("apply_retention", stdout=out)
        assert "Deleted 1 notes and 1 documents" in out.getvalue()

    assert not Note.objects.exists()
    assert list(Document.objects.values_list("title", flat=True)) == ["Kept plan"]
    assert Finding.objects.filter(pk=finding.pk).exists()
    assert not Hypothesis.objects.get().evidence.exists()
    assert AuditEvent.objects.filter(action="deleted", target__startswith="Retention:").count() == 1
    with time_machine.travel(later):
        assert retention_service.apply_retention(dry_run=False) == []  # nothing left to do
