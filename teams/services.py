"""Operations on the pool and on a review's team: one function per user action."""

import logging
import time
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from peerreview import jobs, messages
from reviews import audit
from reviews.models import Milestone, Review, Role
from reviews.queries import people_on
from reviews.services import ActionRefused, grant_membership, mark_milestone_done_by_system

from . import queries
from .models import (
    OPTIONAL_SLOTS,
    STANDARD_SLOTS,
    ConflictCheck,
    DeclaredConflict,
    EmploymentPeriod,
    PeerRole,
    PlannedPlace,
    SeasonPlan,
    SlotInvitation,
    TeamAgreement,
    TeamSlot,
    Unavailability,
)
from .planning import adapter, solver
from .suitability import conflicts, unavailable_days
from .tasks import send_slot_invitation

logger = logging.getLogger(__name__)


def on_stage_changed(sender, review, to_stage, **kwargs):
    if to_stage == Review.Stage.TEAM:
        ensure_standard_slots(review)


def on_review_called_off(sender, review, **kwargs):
    """Release the team: nobody is still waiting to join, and the peers' places no longer count as commitments
    (``queries.commitments`` leaves called-off reviews out). Who held which place stays on record."""
    SlotInvitation.objects.filter(slot__review=review, status=SlotInvitation.Status.PENDING).update(
        status=SlotInvitation.Status.WITHDRAWN, responded_at=timezone.now()
    )


def on_member_removed(sender, review, user, by, **kwargs):
    """A person taken off the review leaves their place on the team open again, with no TBC note."""
    for slot in review.team_slots.filter(peer__user=user):
        slot.peer = None
        slot.tbc_note = ""
        slot.tbc_note_by = None
        slot.save(update_fields=["peer", "tbc_note", "tbc_note_by"])
        _note_change_after_agreement(
            review,
            by,
            f"{user.full_name} left the team: the {slot.get_role_display().lower()} place is open.",
        )


def ensure_standard_slots(review):
    """Give a review the standard places on its team, once."""
    if review.team_slots.exists():
        return
    TeamSlot.objects.bulk_create(
        TeamSlot(review=review, role=role, position=position) for position, role in enumerate(STANDARD_SLOTS)
    )


@transaction.atomic
def add_slot(review, *, role, by):
    if role not in OPTIONAL_SLOTS:
        raise ActionRefused("Choose a police, voluntary-sector or specialist place.")
    last = review.team_slots.aggregate(last=Max("position"))["last"] or 0
    slot = TeamSlot.objects.create(review=review, role=role, position=last + 1)
    _note_change_after_agreement(review, by, f"A {slot.get_role_display().lower()} place was added.")
    return slot


@transaction.atomic
def remove_slot(slot, *, by):
    if not slot.is_optional:
        raise ActionRefused("Only police, voluntary-sector and specialist places can be removed.")
    if slot.peer_id:
        raise ActionRefused(f"{slot.peer} holds this place. Take them off the team first.")
    slot.invitations.filter(status=SlotInvitation.Status.PENDING).update(
        status=SlotInvitation.Status.WITHDRAWN
    )
    _note_change_after_agreement(slot.review, by, f"The {slot.get_role_display().lower()} place was removed.")
    audit.record(audit.Action.DELETED, user=by, review=slot.review, target=f"{slot.get_role_display()} place")
    slot.delete()


def mark_tbc(slot, *, note, by):
    slot.tbc_note = note.strip()
    slot.tbc_note_by = by
    slot.save(update_fields=["tbc_note", "tbc_note_by"])
    return slot


@transaction.atomic
def invite_peer(slot, *, peer, by, override_reason=""):
    """Ask a peer to take a place. Refused when it cannot work; a conflict needs a recorded reason."""
    slot = TeamSlot.objects.select_for_update().select_related("review__authority").get(pk=slot.pk)
    review = slot.review
    if slot.peer_id:
        raise ActionRefused(f"{slot.peer} already holds this place.")
    if slot.invitations.filter(status=SlotInvitation.Status.PENDING).exists():
        raise ActionRefused("Someone has already been invited to this place. Withdraw that invitation first.")
    if not peer.capabilities.filter(role=slot.role).exists():
        raise ActionRefused(f"{peer} is not in the pool as a {slot.get_role_display().lower()}.")
    on_team = TeamSlot.objects.filter(review=review, peer=peer).exists()
    invited = SlotInvitation.objects.filter(
        slot__review=review, peer=peer, status=SlotInvitation.Status.PENDING
    )
    if on_team or invited.exists():
        raise ActionRefused(f"{peer} is already on this team or invited to it.")
    if unavailable_days(peer, review):
        raise ActionRefused(f"{peer} is unavailable during the on-site week.")
    reciprocal = queries.reciprocal_for(review)
    if conflicts(peer, review, reciprocal) and not override_reason.strip():
        raise ActionRefused(f"{peer} has a conflict of interest. Record why they should be invited anyway.")
    invitation = SlotInvitation.objects.create(
        slot=slot, peer=peer, invited_by=by, conflict_override=override_reason.strip()
    )
    transaction.on_commit(lambda: send_slot_invitation.delay(invitation.pk))
    audit.record(
        audit.Action.INVITATION_SENT, user=by, review=review, target=f"{peer} as {slot.get_role_display()}"
    )
    return invitation


def _email(invitation, template, reminder=False):
    context = {
        "invitation": invitation,
        "review": invitation.slot.review,
        "link": settings.SITE_URL + invitation.get_absolute_url(),
        "reminder": reminder,
    }
    send_mail(
        subject=render_to_string(f"teams/email/{template}_subject.txt", context).strip(),
        message=render_to_string(f"teams/email/{template}_body.txt", context),
        from_email=None,
        recipient_list=[invitation.peer.email],
    )


def deliver_slot_invitation(invitation_id):
    """Email the invitation. Safe to run twice: a sent or answered invitation is skipped."""
    with transaction.atomic():
        invitation = (
            SlotInvitation.objects.select_for_update(of=("self",))
            .select_related("peer", "slot__review__authority", "invited_by")
            .filter(pk=invitation_id, status=SlotInvitation.Status.PENDING, sent_at__isnull=True)
            .first()
        )
        if invitation is None:
            return False
        _email(invitation, "invitation")
        invitation.sent_at = timezone.now()
        invitation.save(update_fields=["sent_at"])
    return True


def send_invitation_reminders(now=None):
    """Remind peers once about invitations unanswered for a few days. Running it again sends nothing twice."""
    now = now or timezone.now()
    due = now - timedelta(days=settings.TEAM_INVITATION_REMINDER_DAYS)
    sent = 0
    ids = SlotInvitation.objects.filter(
        status=SlotInvitation.Status.PENDING, sent_at__lte=due, reminded_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(ids):
        with transaction.atomic():
            invitation = (
                SlotInvitation.objects.select_for_update(of=("self",))
                .select_related("peer", "slot__review__authority", "invited_by")
                .filter(pk=pk, status=SlotInvitation.Status.PENDING, reminded_at__isnull=True)
                .first()
            )
            if invitation is None:
                continue
            _email(invitation, "invitation", reminder=True)
            invitation.reminded_at = now
            invitation.save(update_fields=["reminded_at"])
            sent += 1
    return sent


def _locked_pending(invitation, *, answering=True):
    """The invitation, locked, while it waits for an answer. The peer cannot answer once its link expired."""
    locked = SlotInvitation.objects.select_for_update().get(pk=invitation.pk)
    if locked.status != SlotInvitation.Status.PENDING:
        raise ActionRefused(f"This invitation has been {locked.get_status_display().lower()} already.")
    if answering and locked.has_expired:
        raise ActionRefused(
            f"This invitation expired on {timezone.localtime(locked.expires_at):%d %B %Y}. "
            "Ask the review manager to invite you again."
        )
    return locked


@transaction.atomic
def accept_place(invitation, *, user):
    """The peer takes the place: they join the review with the slot's role."""
    invitation = _locked_pending(invitation)
    slot = TeamSlot.objects.select_for_update().select_related("review").get(pk=invitation.slot_id)
    if slot.peer_id:
        raise ActionRefused(
            "This place has been filled by someone else. The review manager will be in touch."
        )
    peer = invitation.peer
    if peer.user_id and peer.user_id != user.pk:
        raise ActionRefused("This invitation is for another account.")
    if not peer.user_id:
        peer.user = user
        peer.save(update_fields=["user"])
    slot.peer = peer
    slot.tbc_note = ""
    slot.save(update_fields=["peer", "tbc_note"])
    invitation.status = SlotInvitation.Status.ACCEPTED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    grant_membership(slot.review, user, PeerRole(slot.role).review_role)
    _note_change_after_agreement(slot.review, user, f"{peer} joined as {slot.get_role_display().lower()}.")
    return slot


@transaction.atomic
def accept_place_with_new_account(invitation, *, password):
    invitation = _locked_pending(invitation)
    peer = invitation.peer
    user = get_user_model().objects.create_user(email=peer.email, password=password, full_name=peer.full_name)
    return accept_place(invitation, user=user)


@transaction.atomic
def decline_place(invitation, *, reason):
    if not reason.strip():
        raise ActionRefused("Say why you cannot take part, so the review manager can plan.")
    invitation = _locked_pending(invitation)
    invitation.status = SlotInvitation.Status.DECLINED
    invitation.decline_reason = reason.strip()
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "decline_reason", "responded_at"])
    return invitation


@transaction.atomic
def withdraw_invitation(invitation, *, by):
    invitation = _locked_pending(invitation, answering=False)
    invitation.status = SlotInvitation.Status.WITHDRAWN
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    audit.record(
        audit.Action.INVITATION_WITHDRAWN, user=by, review=invitation.slot.review, target=str(invitation.peer)
    )
    return invitation


def team_status(review):
    event = TeamAgreement.objects.filter(review=review).first()
    return event.kind if event else None


def unfilled_without_note(review):
    """Places with nobody in them, nobody invited, and no note saying why."""
    return list(
        review.team_slots.filter(peer__isnull=True, tbc_note="")
        .exclude(role=PeerRole.REVIEW_MANAGER)
        .exclude(invitations__status=SlotInvitation.Status.PENDING)
    )


@transaction.atomic
def send_team_to_council(review, *, by):
    open_places = unfilled_without_note(review)
    if open_places:
        names = ", ".join(slot.get_role_display().lower() for slot in open_places)
        raise ActionRefused(f"Fill these places or mark them TBC with a note first: {names}.")
    if team_status(review) == TeamAgreement.Kind.SENT:
        raise ActionRefused("The team is already with the council.")
    sent = TeamAgreement.objects.create(review=review, kind=TeamAgreement.Kind.SENT, by=by)
    messages.notify(
        people_on(review, [Role.COUNCIL_SPONSOR]),  # the one who agrees the team
        subject=f"{review.authority.name}: the proposed team waits for your agreement",
        template="teams/email/team_waiting.txt",
        context={"review": review},
        link=reverse("teams:team", args=[review.pk]),
        review_id=review.pk,
        exclude=by,
    )
    return sent


@transaction.atomic
def respond_to_team(review, *, by, agree, comment=""):
    Review.objects.select_for_update().get(pk=review.pk)
    if team_status(review) != TeamAgreement.Kind.SENT:
        raise ActionRefused("There is no proposed team waiting for your agreement.")
    if not agree and not comment.strip():
        raise ActionRefused("Say what concerns you about the team.")
    event = TeamAgreement.objects.create(
        review=review,
        kind=TeamAgreement.Kind.AGREED if agree else TeamAgreement.Kind.CONCERN,
        comment=comment.strip(),
        by=by,
    )
    if agree:
        mark_milestone_done_by_system(review, Milestone.Kind.TEAM_AGREED, by)
    messages.notify(
        people_on(review, [Role.REVIEW_MANAGER]),
        subject=f"{review.authority.name}: the council has "
        + ("agreed the team" if agree else "a concern about the team"),
        template="teams/email/team_answered.txt",
        context={"review": review, "agree": agree},
        link=reverse("teams:team", args=[review.pk]),
        review_id=review.pk,
        exclude=by,
    )
    return event


def _note_change_after_agreement(review, by, what):
    """After the council agreed the team, every change is flagged to it."""
    if team_status(review) == TeamAgreement.Kind.AGREED or team_status(review) == TeamAgreement.Kind.CHANGED:
        TeamAgreement.objects.create(review=review, kind=TeamAgreement.Kind.CHANGED, comment=what, by=by)


@transaction.atomic
def save_peer(form, *, capabilities):
    """Save a peer profile from its form, with the roles they can take."""
    peer = form.save()
    peer.capabilities.exclude(role__in=capabilities).delete()
    existing = set(peer.capabilities.values_list("role", flat=True))
    peer.capabilities.bulk_create(
        [peer.capabilities.model(peer=peer, role=role) for role in capabilities if role not in existing]
    )
    return peer


def declare_conflict(peer, *, authority, reason, relationship=DeclaredConflict.Relationship.OTHER):
    conflict, _ = DeclaredConflict.objects.update_or_create(
        peer=peer, authority=authority, defaults={"reason": reason, "relationship": relationship}
    )
    return conflict


def add_employment(peer, **fields):
    """Record a period in the peer's employment history (the form has checked that it ends after it starts)."""
    return EmploymentPeriod.objects.create(peer=peer, **fields)


@transaction.atomic
def remove_employment(item, *, by, request=None):
    item.delete()
    audit.record(
        audit.Action.DELETED, user=by, request=request, target=f"Employment history of {item.peer}: {item}"
    )


@transaction.atomic
def check_conflicts(peer, review, *, by):
    """Check one peer against one review without inviting anyone, and keep the result on record."""
    peer = (
        type(peer)
        .objects.select_related("home_authority")
        .prefetch_related("employment", "declared_conflicts")
        .get(pk=peer.pk)
    )
    review = queries.review_with_neighbours().get(pk=review.pk)
    found = conflicts(peer, review, queries.reciprocal_for(review))
    return ConflictCheck.objects.create(
        peer=peer, review=review, conflicts=[conflict.as_dict() for conflict in found], by=by
    )


@transaction.atomic
def update_own_profile(peer, *, expertise=(), **fields):
    """What a peer keeps up to date themselves: their job, organisation, region and expertise."""
    for name, value in fields.items():
        setattr(peer, name, value)
    peer.save()
    peer.expertise.set(expertise)
    return peer


def add_unavailability(peer, **fields):
    return Unavailability.objects.create(peer=peer, **fields)


@transaction.atomic
def remove_unavailability(item, *, by, request=None):
    item.delete()
    audit.record(
        audit.Action.DELETED, user=by, request=request, target=f"Dates unavailable of {item.peer}: {item}"
    )


# Season plans: teams for many reviews at once (the model is in planning/solver.py).


@transaction.atomic
def request_season_plan(reviews, *, by):
    """Ask the planner for a plan of these reviews' open places; the plan is made in the background."""
    reviews = list(reviews)
    if not reviews:
        raise ActionRefused("Choose at least one review to plan.")
    undated = [review for review in reviews if not review.onsite_start or review.is_called_off]
    if undated:
        names = ", ".join(review.authority.name for review in undated)
        raise ActionRefused(f"These reviews have no on-site week to plan for: {names}.")
    for review in reviews:
        ensure_standard_slots(review)
    if not adapter.open_places(reviews).exists():
        raise ActionRefused("Every place on these reviews is already filled or has an invitation out.")
    plan = SeasonPlan.objects.create(created_by=by)
    plan.reviews.set(reviews)
    jobs.dispatch_on_commit(plan)
    return plan


def replan(plan, *, by):
    """Plan the same reviews again. Accepted places have their invitations out, so the new plan keeps them."""
    return request_season_plan(
        plan.reviews.filter(called_off_at__isnull=True).select_related("authority"), by=by
    )


class TakenOver(Exception):
    """Another worker holds the plan now: this one leaves it alone."""


def run_season_plan(plan_id, token=None):
    """Make the plan. Safe to run again: only the message that took the job writes its answer."""
    token = token or uuid.uuid4().hex
    plan = jobs.claim(SeasonPlan.objects.all(), plan_id, token)
    if plan is None:
        return SeasonPlan.objects.filter(pk=plan_id).first()
    try:
        began = time.monotonic()
        season = adapter.build_season(plan.reviews.all())
        # TEAM_PLAN_SECONDS bounds the whole plan, reading the pool included.
        budget = settings.TEAM_PLAN_SECONDS - (time.monotonic() - began)
        result = solver.solve(season, seconds=budget, top_k=settings.TEAM_PLAN_CANDIDATES)
        with transaction.atomic():  # the proposals and the "ready" mark land together, or not at all
            plan.places.all().delete()  # what a lost worker may have left
            load = adapter.save_plan(plan, season, result)
            done = jobs.finish(
                SeasonPlan, plan.pk, token,
                status=SeasonPlan.Status.DONE, load=load, solver_status=result.status,
                seconds=round(result.seconds, 2), finished_at=timezone.now(),
            )  # fmt: skip
            if not done:
                raise TakenOver
    except TakenOver:
        logger.warning("Season plan %s was taken from this worker; it is left to the other", plan.pk)
    except Exception as failure:  # recorded for the manager to see; nothing half-written is left
        logger.exception("Season plan %s failed", plan.pk)
        jobs.finish(
            SeasonPlan,
            plan.pk,
            token,
            status=SeasonPlan.Status.FAILED,
            failure=f"{type(failure).__name__}: {failure}",
        )
    plan.refresh_from_db()
    return plan


@transaction.atomic
def accept_planned_places(plan, places, *, by):
    """Accept proposals: each proposed peer is invited to their place, as from the team page.

    All or nothing: if one invitation cannot go (the peer became unavailable, say), none goes, and
    the refusal names the place.
    """
    plan = SeasonPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.status != SeasonPlan.Status.DONE:
        raise ActionRefused("The plan is not ready yet.")
    places = list(
        PlannedPlace.objects.select_for_update(of=("self",))
        .filter(plan=plan, pk__in=[place.pk for place in places], status=PlannedPlace.Status.PROPOSED)
        .select_related("slot__review__authority", "peer")
    )
    if not places:
        raise ActionRefused("There is nothing proposed here to accept.")
    now = timezone.now()
    for place in places:
        if place.slot.review.is_called_off:
            raise ActionRefused(
                f"The review of {place.slot.review.authority.name} was called off. Nothing was accepted."
            )
        if place.peer is None:
            raise ActionRefused("The proposed peer has left the pool. Nothing was accepted. Plan again.")
        try:
            invite_peer(place.slot, peer=place.peer, by=by)
        except ActionRefused as refusal:
            review = place.slot.review
            raise ActionRefused(
                f"{review.authority.name}, {place.slot.get_role_display().lower()}: {refusal} "
                "Nothing was accepted. Plan again to get a new proposal."
            ) from refusal
        place.status = PlannedPlace.Status.ACCEPTED
        place.accepted_by = by
        place.accepted_at = now
    PlannedPlace.objects.bulk_update(places, ["status", "accepted_by", "accepted_at"])
    return places
