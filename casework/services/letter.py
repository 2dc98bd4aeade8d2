"""The feedback letter: drafting it from the findings, rendering it to PDF, the council's check, issuing."""

import hashlib
import json
import logging
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.utils import timezone

from peerreview import jobs
from reviews import audit
from reviews.models import Milestone, Review
from reviews.services import ActionRefused, mark_milestone_done_by_system, move_stage
from teams.models import TeamSlot

from ..letter_text import blocks
from ..models import FactualComment, Finding, Letter, LetterRender, LetterSection, Session
from .followup import start_followup

logger = logging.getLogger(__name__)
KIND_HEADINGS = [
    (Finding.Kind.STRENGTH, "Strengths", "- "),
    (Finding.Kind.CONSIDERATION, "Areas for consideration", "- "),
    (Finding.Kind.RECOMMENDATION, "Recommendations", "* "),
]


def _digest(value):
    return hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()).hexdigest()


def _agreed(review):
    return Finding.objects.filter(review=review, merged_into__isnull=True, agreed_at__isnull=False).order_by(
        "theme__number", "position", "pk"
    )


def _findings_text(findings):
    parts = []
    for kind, heading, marker in KIND_HEADINGS:
        items = [f for f in findings if f.kind == kind]
        if items:
            parts.append(heading + "\n\n" + "\n".join(marker + " ".join(f.text.split()) for f in items))
    return "\n\n".join(parts)


def _introduction(review):
    when = (
        f"from {review.onsite_start:%-d %B} to {review.onsite_end:%-d %B %Y}"
        if review.onsite_start
        else "recently"
    )
    return (
        f"Thank you for inviting us to carry out a safeguarding children peer review of {review.authority.name}, "
        f"on site {when}. A peer review is not an inspection: the team came as critical friends, to help the "
        "council and its partners see how well children are kept safe and what would make the most difference next.\n\n"
        "This letter sets out what we found: strengths, areas for consideration and our recommendations, under each "
        "theme of the framework. What people told us was given in confidence and is not attributed to anyone."
    )


def _scope_and_method(review):
    kinds = dict(Session.objects.filter(review=review).values_list("kind").annotate(n=Count("pk")))
    slots = [
        f"- {slot.get_role_display()}: {slot.peer.job_title or 'peer'}, {slot.peer.organisation or 'partner agency'}"
        for slot in TeamSlot.objects.filter(review=review, peer__isnull=False).select_related("peer")
    ]
    lines = review.themes.aggregate(n=Count("lines", filter=Q(lines__included=True)))["n"]
    parts = [
        f"The purpose of the review, agreed with the council: {review.purpose or 'as set out in the scope'}",
        f"We looked at the five themes of the framework through {lines} lines of enquiry"
        + (f", with a focus on {', '.join(review.focus_areas).lower()}." if review.focus_areas else "."),
    ]
    if slots:
        parts.append("The team\n\n" + "\n".join(slots))
    parts.append(
        "What we did\n\n"
        f"- Read {review.documents.count()} documents and the council's self-evaluation before the visit\n"
        f"- Held {kinds.get('interview', 0)} interviews and {kinds.get('focus_group', 0)} focus groups\n"
        f"- Made {kinds.get('observation', 0) + kinds.get('site_visit', 0)} observations and site visits\n"
        f"- Met the council daily to share emerging messages, so that nothing here should be a surprise"
    )
    return "\n\n".join(parts)


def _planned_sections(review):
    """The sections a fresh draft would have: (key, title, theme, body)."""
    return [
        ("introduction", "Introduction", None, _introduction(review)),
        ("scope", "Scope and method", None, _scope_and_method(review)),
        *_finding_sections(review),
    ]


def _finding_sections(review):
    """The sections drawn from the agreed findings, one for each theme that has any."""
    findings = list(_agreed(review).select_related("theme"))
    sections = []
    for theme in review.themes.all():
        own = [f for f in findings if f.theme_id == theme.pk]
        if own:
            sections.append((f"theme-{theme.number}", theme.title, theme, _findings_text(own)))
    outside = [f for f in findings if f.theme_id is None]
    if outside:
        sections.append(("other", "Beyond the framework", None, _findings_text(outside)))
    return sections


@transaction.atomic
def create_letter(review, *, by):
    if not _agreed(review).exists():
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
                source_hash=_digest(body),
            )
            for i, (key, title, theme, body) in enumerate(_planned_sections(review))
        )
    return letter


def stale_sections(letter):
    """Keys of sections whose findings changed since the section was written."""
    planned = {key: body for key, _, _, body in _finding_sections(letter.review)}
    return {
        section.key
        for section in letter.sections.all()
        if section.key in planned and _digest(planned[section.key]) != section.source_hash
    }


def _editable(letter):
    if letter.is_issued:
        raise ActionRefused(
            "The letter has been issued and can no longer be changed. Start a correction to change it."
        )


def update_section(section, *, body, by):
    _editable(section.letter)
    if not body.strip():
        raise ActionRefused("A section cannot be empty. Write something, or keep the text it had.")
    section.body = body
    section.edited = True
    section.save(update_fields=["body", "edited"])
    return section


def refresh_section(section, *, by):
    """Rewrite one section from the findings as they are now; the other sections keep their edits."""
    _editable(section.letter)
    planned = {key: body for key, _, _, body in _planned_sections(section.letter.review)}
    if section.key not in planned:
        raise ActionRefused("This section has no findings behind it any more.")
    section.body = planned[section.key]
    section.source_hash = _digest(section.body)
    section.edited = False
    section.save(update_fields=["body", "source_hash", "edited"])
    return section


def _content_hash(letter, final, reason=""):
    return _digest(
        {"final": final, "reason": reason, "sections": list(letter.sections.values_list("title", "body"))}
    )


@transaction.atomic
def request_render(letter, *, by, final=False, correction_reason=""):
    """Queue a PDF. The same text asked for twice gives the same job (or the PDF already made).

    A job for the same text that is stale (its message lost, its worker gone) is never reused:
    it is failed and replaced. The job is sent to the broker after commit; if the broker cannot
    be reached the job stays queued, with a note, for the sweeper to send again.
    """
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    content_hash = _content_hash(letter, final, correction_reason)
    existing = (
        letter.renders.filter(content_hash=content_hash)
        .exclude(status=LetterRender.Status.FAILED)
        .order_by("-number")
        .first()
    )
    stale = existing if existing and jobs.is_stale(existing) else None
    if existing and not stale:
        if existing.status == LetterRender.Status.QUEUED and existing.queue_problem:
            jobs.dispatch_on_commit(existing)  # the broker never took it: try again now
        return existing
    number = (letter.renders.aggregate(n=Max("number"))["n"] or 0) + 1
    render = LetterRender.objects.create(
        letter=letter,
        number=number,
        final=final,
        content_hash=content_hash,
        requested_by=by,
        correction_reason=correction_reason,
    )
    if stale:
        jobs.give_up(stale, f"It was not made in time and was replaced by version {number}")
    jobs.dispatch_on_commit(render)
    return render


def render_pdf(render_id, token=None):
    """Make the PDF of a queued render.

    Safe to run again, or twice at once: the message that takes the job (`token`, its Celery
    task id) makes it, a redelivery of that message carries on, and any other message, or one
    for a render already made or failed, does nothing. Returns the render, or None if skipped.
    """
    from weasyprint import HTML

    token = token or uuid.uuid4().hex
    render = jobs.claim(LetterRender.objects.select_related("letter__review__authority"), render_id, token)
    if render is None:
        return None
    letter = render.letter
    try:
        sections = [(s, blocks(s.body)) for s in letter.sections.all()]
        html = render_to_string(
            "casework/letter_pdf.html",
            {"letter": letter, "review": letter.review, "render": render, "sections": sections},
        )
        document = HTML(string=html).render()
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception as failure:  # shown to the user; the earlier PDFs are untouched
        logger.exception("Rendering letter %s version %s failed", letter.pk, render.number)
        jobs.finish(
            LetterRender,
            render.pk,
            token,
            status=LetterRender.Status.FAILED,
            failure=f"{type(failure).__name__}: {failure}",
            finished_at=timezone.now(),
        )
        return render
    render.file.save(f"review-{letter.review_id}-letter-v{render.number}.pdf", ContentFile(pdf), save=False)
    done = {
        "file": render.file.name,
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "pages": len(document.pages),
        "status": LetterRender.Status.READY,
        "finished_at": timezone.now(),
    }
    if not jobs.finish(LetterRender, render.pk, token, **done):  # failed or sent again meanwhile
        logger.warning(
            "Letter %s version %s was taken from this worker; its copy is dropped", letter.pk, render.number
        )
        render.file.delete(save=False)
        return None
    render.refresh_from_db()
    return render


def send_for_check(render, *, by):
    if render.final or render.status != LetterRender.Status.READY:
        raise ActionRefused("Only a finished draft PDF can be sent to the council.")
    render.sent_for_check_at = timezone.now()
    render.save(update_fields=["sent_for_check_at"])
    return render


def comment(render, *, by, section=None, text="", no_errors=False):
    if not render.council_may_see or render.final:
        raise ActionRefused("This version is not waiting for the council's check.")
    if not no_errors and not text.strip():
        raise ActionRefused("Write your comment, or say there are no factual errors.")
    return FactualComment.objects.create(
        render=render, section=section, text=text.strip() or "No factual errors.", no_errors=no_errors, by=by
    )


def respond(comment, *, text, by):
    if not text.strip():
        raise ActionRefused("Write the team's response.")
    comment.response = text.strip()
    comment.responded_by = by
    comment.save(update_fields=["response", "responded_by"])
    return comment


@transaction.atomic
def issue(letter, *, by):
    """Lock the letter, make the final PDF (no watermark) and move the review to follow-up."""
    letter = Letter.objects.select_for_update().select_related("review").get(pk=letter.pk)
    if letter.is_issued:
        raise ActionRefused("The letter has already been issued. It cannot be issued twice.")
    if not _agreed(letter.review).exists():
        raise ActionRefused("There are no agreed findings to issue.")
    letter.status = Letter.Status.ISSUED
    letter.issued_at = timezone.now()
    letter.issued_by = by
    letter.save(update_fields=["status", "issued_at", "issued_by"])
    render = request_render(letter, by=by, final=True)
    review = letter.review
    start_followup(review, timezone.localdate(letter.issued_at))
    mark_milestone_done_by_system(review, Milestone.Kind.FINAL_LETTER, by)
    if review.stage == Review.Stage.LETTER:
        move_stage(review, to_stage=Review.Stage.FOLLOW_UP, by=by)
    return render


@transaction.atomic
def start_correction(letter, *, by):
    """Unlock an issued letter so that a correction can be written; it is issued again separately."""
    letter = Letter.objects.select_for_update().get(pk=letter.pk)
    if not letter.is_issued:
        raise ActionRefused("Only an issued letter can be corrected.")
    letter.status = Letter.Status.CORRECTING
    letter.save(update_fields=["status"])
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
    return request_render(letter, by=by, final=True, correction_reason=reason.strip())


def record_download(render, request):
    return audit.record(
        audit.Action.LETTER_OPENED,
        request=request,
        review=render.letter.review,
        target=f"Letter, version {render.number}",
        object_id=render.pk,
    )
