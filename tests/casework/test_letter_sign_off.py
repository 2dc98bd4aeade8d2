"""The gate before the council sees the letter: acknowledged warnings, the quality assurer's approval of a
version, approval withdrawn by an edit, and the same again before the final letter is issued."""

import pytest
from django.urls import reverse

from casework.models import CheckAcknowledgement, LetterSection, SignOff
from casework.services import letter as letter_service
from casework.services import signoff
from reviews.models import AuditEvent, Review, Role
from reviews.services import ActionRefused
from tests.casework.helpers import approved_draft, pdf_text, ready_draft


def test_a_warning_is_acknowledged_with_who_when_and_why(clear):
    intro = clear.letter.sections.get(key="introduction")
    letter_service.update_section(intro, body=intro.body + "\n\n* Thresholds.", by=clear.leader)
    (problem,) = [p for p, _ in signoff.checks_of(clear.letter)[1].warnings]
    with pytest.raises(ActionRefused, match="Give the reason"):
        signoff.acknowledge_warning(clear.letter, key=problem.key, reason=" ", by=clear.leader)
    signoff.acknowledge_warning(
        clear.letter, key=problem.key, reason="Agreed with the council.", by=clear.leader
    )
    ack = CheckAcknowledgement.objects.get(letter=clear.letter)
    assert (ack.by, ack.reason, ack.message) == (clear.leader, "Agreed with the council.", problem.message)
    assert signoff.checks_of(clear.letter)[1].clear
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.LETTER_WARNING_ACKNOWLEDGED, user=clear.leader
    ).exists()


def test_a_version_is_not_submitted_while_the_checks_show_an_error(clear):
    LetterSection.objects.filter(letter=clear.letter, key="scope").update(body="")
    with pytest.raises(ActionRefused, match="found 1 error to fix before submitting"):
        signoff.submit_for_sign_off(
            clear.letter, by=clear.leader, render=ready_draft(clear.letter, clear.leader)
        )


def test_a_version_is_not_submitted_while_a_warning_waits_for_acknowledgement(clear):
    intro = clear.letter.sections.get(key="introduction")
    letter_service.update_section(intro, body=intro.body + "\n\n* Thresholds.", by=clear.leader)
    render = ready_draft(clear.letter, clear.leader)
    with pytest.raises(
        ActionRefused, match="1 warning from the letter's checks needs fixing, or acknowledging"
    ):
        signoff.submit_for_sign_off(clear.letter, by=clear.leader, render=render)
    (problem,) = [p for p, _ in signoff.checks_of(clear.letter)[1].warnings]
    signoff.acknowledge_warning(clear.letter, key=problem.key, reason="A house style.", by=clear.leader)
    assert (
        signoff.submit_for_sign_off(clear.letter, by=clear.leader, render=render).state
        == SignOff.State.PENDING
    )


def test_a_draft_goes_to_the_council_only_once_approved(clear):
    render = ready_draft(clear.letter, clear.leader)
    with pytest.raises(ActionRefused, match="A quality assurer must approve version"):
        letter_service.send_for_check(render, by=clear.leader)
    request = signoff.submit_for_sign_off(clear.letter, by=clear.leader, render=render)
    with pytest.raises(ActionRefused, match="another quality assurer must decide"):
        signoff.approve(request, by=clear.leader)
    signoff.approve(request, by=clear.manager)
    letter_service.send_for_check(render, by=clear.leader)
    render.refresh_from_db()
    assert render.sent_for_check_by == clear.leader
    assert render.provenance.data["sections"]  # what it rested on, frozen as it left the team


def test_an_edit_after_approval_withdraws_the_approval(clear):
    render = approved_draft(clear.letter, leader=clear.leader, assurer=clear.manager)
    intro = clear.letter.sections.get(key="introduction")
    letter_service.update_section(intro, body=intro.body + " Thank you.", by=clear.leader)
    sign_off = SignOff.objects.get(render=render)
    assert sign_off.state == SignOff.State.WITHDRAWN
    assert clear.leader.full_name in sign_off.withdrawn_reason
    assert AuditEvent.objects.filter(action=AuditEvent.Action.LETTER_APPROVAL_WITHDRAWN).exists()
    with pytest.raises(ActionRefused):
        letter_service.send_for_check(render, by=clear.leader)


def test_saving_the_same_text_keeps_the_approval(clear):
    render = approved_draft(clear.letter, leader=clear.leader, assurer=clear.manager)
    intro = clear.letter.sections.get(key="introduction")
    letter_service.update_section(intro, body=intro.body, by=clear.leader)
    assert SignOff.objects.get(render=render).state == SignOff.State.APPROVED


def test_a_named_quality_assurer_approves_instead_of_the_manager(clear, client):
    assurer = clear.people[Role.QUALITY_ASSURER]  # the world names one
    request = signoff.submit_for_sign_off(
        clear.letter, by=clear.leader, render=ready_draft(clear.letter, clear.leader)
    )
    approve_url = reverse("casework:letter-approve", args=[clear.review.pk, request.pk])
    client.force_login(clear.manager)
    assert client.post(approve_url).status_code == 403
    client.force_login(assurer)
    client.post(approve_url)
    request.refresh_from_db()
    assert (request.state, request.decided_by) == (SignOff.State.APPROVED, assurer)


def test_the_review_manager_approves_when_nobody_is_named(clear, client):
    clear.review.memberships.filter(role=Role.QUALITY_ASSURER).delete()
    request = signoff.submit_for_sign_off(
        clear.letter, by=clear.leader, render=ready_draft(clear.letter, clear.leader)
    )
    client.force_login(clear.manager)
    client.post(reverse("casework:letter-approve", args=[clear.review.pk, request.pk]))
    request.refresh_from_db()
    assert request.state == SignOff.State.APPROVED


def test_the_assurer_returns_a_version_with_comments_per_section(clear, client):
    request = signoff.submit_for_sign_off(
        clear.letter, by=clear.leader, render=ready_draft(clear.letter, clear.leader)
    )
    intro = clear.letter.sections.get(key="introduction")
    client.force_login(clear.people[Role.QUALITY_ASSURER])
    page = client.get(reverse("casework:letter-sign-off", args=[clear.review.pk, request.pk]))
    assert "Approve version" in page.content.decode()
    url = reverse("casework:letter-return", args=[clear.review.pk, request.pk])
    empty = client.post(url, {})
    assert "Write at least one comment saying what to change" in empty.content.decode()
    client.post(url, {f"section_{intro.pk}": "Name the dates of the visit."})
    request.refresh_from_db()
    assert request.state == SignOff.State.RETURNED
    (comment,) = request.comments.all()
    assert (comment.section, comment.text) == (intro, "Name the dates of the visit.")


@pytest.fixture
def checked(clear):
    """A draft sent to the council, which commented on it."""
    Review.objects.filter(pk=clear.review.pk).update(stage=Review.Stage.LETTER)
    clear.draft = approved_draft(clear.letter, leader=clear.leader, assurer=clear.manager)
    letter_service.send_for_check(clear.draft, by=clear.leader)
    clear.comment = letter_service.add_factual_comment(
        clear.draft, by=clear.people[Role.COUNCIL_SPONSOR], text="The dates are a week out."
    )
    clear.assurer = clear.people[Role.QUALITY_ASSURER]
    return clear


def test_the_final_sign_off_waits_for_every_council_comment_to_be_answered(checked):
    with pytest.raises(ActionRefused, match="Answer every factual comment"):
        signoff.submit_for_sign_off(checked.letter, by=checked.leader, final=True)
    letter_service.respond_to_comment(checked.comment, text="Corrected.", by=checked.leader)
    assert signoff.submit_for_sign_off(checked.letter, by=checked.leader, final=True).final


def test_the_letter_is_issued_only_after_the_final_approval(checked, django_capture_on_commit_callbacks):
    letter_service.respond_to_comment(checked.comment, text="Corrected.", by=checked.leader)
    with pytest.raises(ActionRefused, match="A quality assurer must approve the final letter"):
        letter_service.issue_letter(checked.letter, by=checked.manager)
    signoff.approve(
        signoff.submit_for_sign_off(checked.letter, by=checked.leader, final=True), by=checked.assurer
    )
    with django_capture_on_commit_callbacks(execute=True):
        final = letter_service.issue_letter(checked.letter, by=checked.manager)
    final.refresh_from_db()
    _, pages = pdf_text(final)
    assert "approved for issue by" in pages[-1]
    assert checked.assurer.full_name in pages[-1]
    assert final.provenance.data["findings"]


def test_every_step_of_the_sign_off_is_in_the_audit_trail(checked):
    actions = set(AuditEvent.objects.filter(review=checked.review).values_list("action", flat=True))
    assert {AuditEvent.Action.LETTER_SUBMITTED, AuditEvent.Action.LETTER_APPROVED} <= actions
