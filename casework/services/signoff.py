"""The letter's checks, acknowledged warnings and a quality assurer's sign-off: the gate before the council
sees a draft and before the final letter is issued. Every step is recorded in the audit trail."""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from peerreview import messages
from reviews import audit
from reviews.models import Role
from reviews.queries import people_on
from reviews.services import ActionRefused

from .. import queries
from ..letter_checks import check_letter
from ..models import (
    CheckAcknowledgement,
    FactualComment,
    Letter,
    LetterRender,
    ProvenanceSnapshot,
    SignOff,
    SignOffComment,
)
from ..provenance import provenance

OPEN = (SignOff.State.PENDING, SignOff.State.APPROVED)


def checks_of(letter):
    """The letter's checks now: (sources, CheckResult)."""
    sources = queries.letter_sources(letter)
    return sources, check_letter(sources)


def assurers_of(review):
    """Who approves the letter: the quality assurers the programme named, else the review manager."""
    named = people_on(review, [Role.QUALITY_ASSURER])
    return named if named.exists() else people_on(review, [Role.REVIEW_MANAGER])


def _tell(people, review, *, subject, template, by, **context):
    messages.notify(
        people,
        subject=f"{review.authority.name}: {subject}",
        template=f"casework/email/{template}.txt",
        context={"review": review, **context},
        link=reverse("casework:letter", args=[review.pk]),
        review_id=review.pk,
        exclude=by,
    )


def _refuse_unless_clear(result, doing):
    if result.errors:
        count = len(result.errors)
        raise ActionRefused(
            f"The letter's checks found {count} error{'s' if count != 1 else ''} to fix before {doing}: "
            f"{result.errors[0].message}"
        )
    if result.unacknowledged:
        count = len(result.unacknowledged)
        raise ActionRefused(
            f"{count} warning{'s' if count != 1 else ''} from the letter's checks need{'s' if count == 1 else ''} "
            f"fixing, or acknowledging with a reason, before {doing}."
        )


@transaction.atomic
def acknowledge_warning(letter, *, key, reason, by):
    """Record that someone read a warning and why the letter may go on regardless."""
    letter = Letter.objects.select_for_update().select_related("review__authority").get(pk=letter.pk)
    if letter.is_issued:
        raise ActionRefused("The letter has been issued; its checks can no longer be acknowledged.")
    if not reason.strip():
        raise ActionRefused("Give the reason the letter can go ahead with this warning.")
    _, result = checks_of(letter)
    problem = next((p for p, _ in result.warnings if p.key == key), None)
    if problem is None:
        raise ActionRefused("That warning no longer applies to the letter.")
    acknowledgement, _ = CheckAcknowledgement.objects.update_or_create(
        letter=letter,
        key=key,
        defaults={"message": problem.message, "reason": reason.strip(), "by": by, "at": timezone.now()},
    )
    audit.record(
        audit.Action.LETTER_WARNING_ACKNOWLEDGED,
        user=by,
        review=letter.review,
        target=f"{problem.message[:180]} Reason: {reason.strip()}",
        object_id=acknowledgement.pk,
    )
    return acknowledgement


@transaction.atomic
def submit_for_sign_off(letter, *, by, render=None, final=False):
    """Ask the quality assurer to approve a draft version (before the council's check) or the final text
    (before issue). Refused while the checks show an error or an unacknowledged warning."""
    letter = Letter.objects.select_for_update().select_related("review__authority").get(pk=letter.pk)
    if letter.is_issued:
        raise ActionRefused("The letter has been issued.")
    if letter.sign_offs.filter(state=SignOff.State.PENDING).exists():
        raise ActionRefused("The letter is already waiting for the quality assurer.")
    sources, result = checks_of(letter)
    if final:
        render = None
        if not letter.renders.filter(final=False, sent_for_check_at__isnull=False).exists():
            raise ActionRefused(
                "Send a draft to the council for its factual check before the final sign-off."
            )
        if FactualComment.objects.filter(render__letter=letter, render__final=False, response="").exists():
            raise ActionRefused("Answer every factual comment from the council before the final sign-off.")
    else:
        if render is None or render.final or render.status != LetterRender.Status.READY:
            raise ActionRefused("Submit a finished draft PDF for sign-off.")
        if render.sent_for_check_at:
            raise ActionRefused(f"Version {render.number} has already gone to the council.")
        if render.content_hash != sources.draft_hash:
            raise ActionRefused(
                f"The text has changed since version {render.number} was made. Make a new PDF and submit that."
            )
    _refuse_unless_clear(result, "submitting the letter for sign-off")
    if letter.sign_offs.filter(
        state=SignOff.State.APPROVED, final=final, render=render, text_hash=sources.text_hash
    ).exists():
        raise ActionRefused("This text is already approved.")
    sign_off = SignOff.objects.create(
        letter=letter, render=render, final=final, text_hash=sources.text_hash, submitted_by=by
    )
    audit.record(
        audit.Action.LETTER_SUBMITTED,
        user=by,
        review=letter.review,
        target=f"Letter, {sign_off.what}, submitted for sign-off",
        object_id=sign_off.pk,
    )
    _tell(
        assurers_of(letter.review),
        letter.review,
        subject="the feedback letter waits for your approval",
        template="letter_for_sign_off",
        by=by,
        what=sign_off.what,
    )
    return sign_off


def _decidable(sign_off, by):
    sign_off = (
        SignOff.objects.select_for_update(of=("self",))
        .select_related("letter__review__authority", "render")
        .get(pk=sign_off.pk)
    )
    if sign_off.state != SignOff.State.PENDING:
        raise ActionRefused(f"This request is no longer waiting: {sign_off.get_state_display().lower()}.")
    if sign_off.submitted_by_id == by.pk:
        raise ActionRefused(
            "You submitted this letter for sign-off: another quality assurer must decide on it."
        )
    return sign_off


@transaction.atomic
def approve(sign_off, *, by):
    """The quality assurer approves the text submitted. It holds until the text changes."""
    sign_off = _decidable(sign_off, by)
    sources, result = checks_of(sign_off.letter)
    if sources.text_hash != sign_off.text_hash:
        raise ActionRefused("The text has changed since it was submitted; it must be submitted again.")
    _refuse_unless_clear(result, "approving the letter")
    sign_off.state = SignOff.State.APPROVED
    sign_off.decided_by = by
    sign_off.decided_at = timezone.now()
    sign_off.save(update_fields=["state", "decided_by", "decided_at"])
    review = sign_off.letter.review
    audit.record(
        audit.Action.LETTER_APPROVED,
        user=by,
        review=review,
        target=f"Letter, {sign_off.what}",
        object_id=sign_off.pk,
    )
    if sign_off.submitted_by:
        _tell(
            [sign_off.submitted_by], review, subject="the letter is approved", template="letter_signed_off",
            by=by, what=sign_off.what, decision="approved",
        )  # fmt: skip
    return sign_off


@transaction.atomic
def return_with_comments(sign_off, *, by, comments):
    """Return the letter to the team with comments: `comments` is [(section or None, text)]."""
    sign_off = _decidable(sign_off, by)
    comments = [(section, text.strip()) for section, text in comments if text.strip()]
    if not comments:
        raise ActionRefused("Write at least one comment saying what to change.")
    sign_off.state = SignOff.State.RETURNED
    sign_off.decided_by = by
    sign_off.decided_at = timezone.now()
    sign_off.save(update_fields=["state", "decided_by", "decided_at"])
    SignOffComment.objects.bulk_create(
        SignOffComment(
            sign_off=sign_off, section=section, section_title=section.title if section else "", text=text
        )
        for section, text in comments
    )
    review = sign_off.letter.review
    audit.record(
        audit.Action.LETTER_RETURNED,
        user=by,
        review=review,
        target=f"Letter, {sign_off.what}",
        object_id=sign_off.pk,
    )
    if sign_off.submitted_by:
        _tell(
            [sign_off.submitted_by], review, subject="the letter is returned with comments",
            template="letter_signed_off", by=by, what=sign_off.what, decision="returned with comments",
        )  # fmt: skip
    return sign_off


def withdraw_on_change(letter, *, by):
    """The text changed: an approval (or a request waiting) no longer holds for it. Called inside the edit."""
    standing = letter.sign_offs.select_for_update(of=("self",)).filter(state__in=OPEN)
    # An approval already acted on (its version sent, or the letter issued on it) stays in the record as it was.
    standing = standing.exclude(render__sent_for_check_at__isnull=False)
    if letter.issued_at:
        standing = standing.exclude(
            final=True, state=SignOff.State.APPROVED, decided_at__lte=letter.issued_at
        )
    withdrawn = list(standing.select_related("render"))
    now = timezone.now()
    for sign_off in withdrawn:
        sign_off.state = SignOff.State.WITHDRAWN
        sign_off.withdrawn_at = now
        sign_off.withdrawn_reason = (
            f"The text was changed by {by.full_name if by else 'someone'} after it was submitted."
        )
        sign_off.save(update_fields=["state", "withdrawn_at", "withdrawn_reason"])
        audit.record(
            audit.Action.LETTER_APPROVAL_WITHDRAWN,
            user=by,
            review=letter.review,
            target=f"Letter, {sign_off.what}: the text changed",
            object_id=sign_off.pk,
        )
    return withdrawn


def approval_for(letter, *, render=None, final=False, text_hash):
    """The approval that lets this version go on, or None."""
    return (
        letter.sign_offs.filter(state=SignOff.State.APPROVED, final=final, render=render, text_hash=text_hash)
        .select_related("decided_by")
        .first()
    )


def require_approval(letter, *, render=None, final=False, doing):
    """Refuse unless the checks are clear and a quality assurer approved this text. Returns (sources, approval)."""
    sources, result = checks_of(letter)
    _refuse_unless_clear(result, doing)
    approved = approval_for(letter, render=render, final=final, text_hash=sources.text_hash)
    if approved is None:
        what = "the final letter" if final else f"version {render.number}"
        raise ActionRefused(
            f"A quality assurer must approve {what} before {doing}. Submit it for sign-off first."
        )
    return sources, approved


def freeze_provenance(render, sources=None):
    """Keep what this version rests on, as it is now, for as long as the letter is kept.

    Read afresh with everything provenance shows (peer roles, documents), which the checks' `sources` lack."""
    sources = queries.letter_sources(render.letter, for_checks=False, with_roles=True)
    snapshot, _ = ProvenanceSnapshot.objects.update_or_create(
        render=render, defaults={"data": provenance(sources)}
    )
    return snapshot
