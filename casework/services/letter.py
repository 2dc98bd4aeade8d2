"""The feedback letter: drafting it from the findings, rendering it to PDF, the council's check, issuing."""

import uuid

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from peerreview import jobs, messages
from reviews import audit
from reviews.models import COUNCIL_ROLES, Milestone, Review, Role
from reviews.queries import people_on
from reviews.services import ActionRefused, mark_milestone_done_by_system, move_stage

from ..drafting import agreed_findings, letter_people, planned_sections
from ..letter_text import blocks, digest, text_hash, version_hash
from ..models import FactualComment, Letter, LetterRender, LetterSection
from . import pdf, signoff
from .followup import start_followup


@transaction.atomic
def create_letter(review, *, by):
    if not agreed_findings(review).exists():
        raise ActionRefused("Agree at least one finding before drafting the letter.")
    letter, created = Letter.objects.get_or_create(review=review, defaults={"created_by": by})
    if created:
        LetterSection.objects.bulk_create(
            LetterSection(
                letter=letter,
                key=key,
                title=title,
                theme=theme,
                body=body,
                position=i,
                source_hash=digest(body),
            )
            for i, (key, title, theme, body) in enumerate(planned_sections(review))
        )
    return letter


def _editable(letter):
    if letter.is_issued:
        raise ActionRefused(
            "The letter has been issued and can no longer be changed. Start a correction to change it."
        )


def update_section(section, *, body, by):
    _editable(section.letter)
    if not body.strip():
        raise ActionRefused("A section cannot be empty. Write something, or keep the text it had.")
    changed = section.body != body
    section.body = body
    section.edited = True
    section.updated_by = by
    with transaction.atomic():
        section.save(update_fields=["body", "edited", "updated_by"])
        if changed:
            signoff.withdraw_on_change(section.letter, by=by)
    return section


def refresh_section(section, *, by):
    """Rewrite one section from the findings as they are now; the other sections keep their edits."""
    _editable(section.letter)
    planned = {key: body for key, _, _, body in planned_sections(section.letter.review)}
    if section.key not in planned:
        raise ActionRefused("This section has no findings behind it any more.")
    changed = section.body != planned[section.key]
    section.body = planned[section.key]
    section.source_hash = digest(section.body)
    section.edited = False
    section.updated_by = by
    with transaction.atomic():
        section.save(update_fields=["body", "source_hash", "edited", "updated_by"])
        if changed:
            signoff.withdraw_on_change(section.letter, by=by)
    return section


def _content_hash(letter, final, reason=""):
    return version_hash(
        letter.sections.values_list("title", "body"), letter_people(letter.review), final=final, reason=reason
    )


@transaction.atomic
def request_render(letter, *, by, final=False, correction_reason=""):
    """Queue a PDF of the letter as it is now; the same text asked for twice gives the same job
    (see `pdf.request_version`)."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    return pdf.request_version(
        letter.renders,
        _content_hash(letter, final, correction_reason),
        final=final,
        requested_by=by,
        correction_reason=correction_reason,
    )


def render_letter_pdf(render_id, token=None):
    """Make the PDF of a queued render.

    Safe to run again, or twice at once: the message that takes the job (`token`, its Celery
    task id) makes it, a redelivery of that message carries on, and any other message, or one
    for a render already made or failed, does nothing. Returns the render, or None if skipped.
    """
    token = token or uuid.uuid4().hex
    render = jobs.claim(LetterRender.objects.select_related("letter__review__authority"), render_id, token)
    if render is None:
        return None
    letter = render.letter
    sections = list(letter.sections.all())
    return pdf.make_pdf(
        render,
        token,
        template="casework/letter_pdf.html",
        context={
            "letter": letter,
            "review": letter.review,
            "sections": [(s, blocks(s.body)) for s in sections],
            "approval": signoff.approval_for(
                letter, final=True, text_hash=text_hash((s.title, s.body) for s in sections)
            )
            if render.final
            else None,
            **letter_people(letter.review),
        },
        filename=f"review-{letter.review_id}-letter-v{render.number}.pdf",
    )


def _tell(people, review, *, subject, template, by, **context):
    """Email each person that something on the letter waits for them (see `peerreview.messages`)."""
    messages.notify(
        people,
        subject=f"{review.authority.name}: {subject}",
        template=f"casework/email/{template}.txt",
        context={"review": review, **context},
        link=reverse("casework:letter", args=[review.pk]),
        review_id=review.pk,
        exclude=by,
    )


@transaction.atomic
def send_for_check(render, *, by):
    """Send a draft PDF to the council sponsor for a factual-accuracy check, recording who sent it."""
    if render.final or render.status != LetterRender.Status.READY:
        raise ActionRefused("Only a finished draft PDF can be sent to the council.")
    if render.sent_for_check_at:
        raise ActionRefused(f"Version {render.number} has already been sent to the council.")
    # The gate: no error in the checks, and a quality assurer's approval of this version's text.
    sources, _ = signoff.require_approval(render.letter, render=render, doing="sending it to the council")
    signoff.freeze_provenance(render, sources)
    render.sent_for_check_at = timezone.now()
    render.sent_for_check_by = by
    render.save(update_fields=["sent_for_check_at", "sent_for_check_by"])
    review = render.letter.review
    _tell(
        people_on(review, [Role.COUNCIL_SPONSOR]),  # the one who checks the letter
        review,
        subject="a draft letter waits for your factual check",
        template="letter_for_check",
        by=by,
        number=render.number,
    )
    return render


def add_factual_comment(render, *, by, section=None, text="", no_errors=False):
    if not render.council_may_see or render.final:
        raise ActionRefused("This version is not waiting for the council's check.")
    if not no_errors and not text.strip():
        raise ActionRefused("Write your comment, or say there are no factual errors.")
    return FactualComment.objects.create(
        render=render, section=section, text=text.strip() or "No factual errors.", no_errors=no_errors, by=by
    )


@transaction.atomic
def respond_to_comment(comment, *, text, by):
    if not text.strip():
        raise ActionRefused("Write the team's response.")
    comment.response = text.strip()
    comment.responded_by = by
    comment.save(update_fields=["response", "responded_by"])
    if comment.by is not None:
        _tell(
            [comment.by],
            comment.render.letter.review,
            subject="the team has responded to your comment on the letter",
            template="comment_answered",
            by=by,
        )
    return comment


@transaction.atomic
def issue_letter(letter, *, by):
    """Lock the letter, make the final PDF (no watermark) and move the review to follow-up."""
    letter = Letter.objects.select_for_update().select_related("review").get(pk=letter.pk)
    if letter.is_issued:
        raise ActionRefused("The letter has already been issued. It cannot be issued twice.")
    if not agreed_findings(letter.review).exists():
        raise ActionRefused("There are no agreed findings to issue.")
    sources, _ = signoff.require_approval(letter, final=True, doing="issuing the letter")
    return _issue(letter, sources, by=by)


def _issue(letter, sources, *, by):
    """Issue a letter already through the gate (`issue_letter`): lock it, make the final PDF, start follow-up."""
    letter.status = Letter.Status.ISSUED
    letter.issued_at = timezone.now()
    letter.issued_by = by
    letter.save(update_fields=["status", "issued_at", "issued_by"])
    render = request_render(letter, by=by, final=True)
    signoff.freeze_provenance(render, sources)
    review = letter.review
    start_followup(review, timezone.localdate(letter.issued_at))
    mark_milestone_done_by_system(review, Milestone.Kind.FINAL_LETTER, by)
    if review.stage == Review.Stage.LETTER:
        move_stage(review, to_stage=Review.Stage.FOLLOW_UP, by=by)
    _tell(
        people_on(review, COUNCIL_ROLES),
        review,
        subject="the feedback letter has been issued",
        template="letter_issued",
        by=by,
    )
    return render


@transaction.atomic
def start_correction(letter, *, by):
    """Unlock an issued letter so that a correction can be written; it is issued again separately."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_issued:
        raise ActionRefused("Only an issued letter can be corrected.")
    letter.status = Letter.Status.CORRECTING
    letter.correction_started_by = by
    letter.save(update_fields=["status", "correction_started_by"])
    return letter


@transaction.atomic
def issue_correction(letter, *, by, reason):
    """Issue the corrected letter as a new final version, with the reason on record and in the PDF."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if letter.status != Letter.Status.CORRECTING:
        raise ActionRefused("Start a correction before issuing one.")
    if not reason.strip():
        raise ActionRefused("Say what the correction changes and why.")
    letter.status = Letter.Status.ISSUED
    letter.save(update_fields=["status"])
    render = request_render(letter, by=by, final=True, correction_reason=reason.strip())
    _tell(
        people_on(letter.review, COUNCIL_ROLES),
        letter.review,
        subject="a corrected feedback letter has been issued",
        template="letter_issued",
        by=by,
        corrected=True,
    )
    return render


def record_download(render, request):
    return audit.record(
        audit.Action.LETTER_OPENED,
        request=request,
        review=render.letter.review,
        target=f"Letter, version {render.number}",
        object_id=render.pk,
    )
