"""A review's team: places, suggestions, invitations, and the council's agreement."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page
from reviews.access import review_for

from .. import queries, services
from ..forms import (
    CandidateSearchForm,
    InviteForm,
    PlaceResponseForm,
    PlaceResponseWithAccountForm,
    SlotAddForm,
    TbcForm,
    TeamResponseForm,
)
from ..models import PeerProfile, SlotInvitation, TeamSlot
from ..suitability import assess

REVIEW_WITH_NEIGHBOURS = queries.review_with_neighbours()


@login_required
def team(request, pk):
    review = review_for(request, pk, "teams.view_team", queryset=REVIEW_WITH_NEIGHBOURS)
    form = None
    if request.user.has_perm("teams.respond_to_team", review) and services.team_status(review) == "sent":
        form = TeamResponseForm()
    return render(request, "teams/team.html", _team_context(request, review, form))


def _team_context(request, review, form):
    if form is not None:
        form.helper.form_action = reverse("teams:team-respond", args=[review.pk])
    slots = list(queries.team_of(review))
    can_manage = request.user.has_perm("teams.manage_team", review)
    return {
        "review": review,
        "slots": slots,
        "managers": queries.managers_of(review),
        "status": services.team_status(review),
        "events": review.team_events.select_related("by"),
        "can_manage": can_manage,
        "team_detail": request.user.has_perm("teams.view_team_detail", review),
        "warnings": queries.composition_warnings(review, slots) if can_manage else [],
        "form": form,
    }


def _slot(request, pk, slot_pk, permission="teams.manage_team"):
    review = review_for(request, pk, permission, queryset=REVIEW_WITH_NEIGHBOURS)
    slot = get_object_or_404(TeamSlot, pk=slot_pk, review=review)
    slot.review = review  # keep the prefetched neighbours
    return review, slot


@login_required
def slot_add(request, pk):
    review = review_for(request, pk, "teams.manage_team")
    form = SlotAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        slot = services.add_slot(review, role=form.cleaned_data["role"], by=request.user)
        messages.success(request, f"{slot.get_role_display()} place added.")
        return redirect("teams:team", review.pk)
    return form_page(
        request, form, title="Add a place to the team", caption=review.authority, back_url=_team_url(review)
    )


@login_required
def slot_tbc(request, pk, slot_pk):
    review, slot = _slot(request, pk, slot_pk)
    form = TbcForm(request.POST or None, initial={"note": slot.tbc_note})
    if request.method == "POST" and form.is_valid():
        services.mark_tbc(slot, note=form.cleaned_data["note"], by=request.user)
        messages.success(request, f"Note saved for the {slot.get_role_display().lower()} place.")
        return redirect("teams:team", review.pk)
    return form_page(
        request,
        form,
        title=f"Why the {slot.get_role_display().lower()} place is not filled yet",
        caption=review.authority,
        back_url=_team_url(review),
    )


@login_required
@require_POST
def slot_remove(request, pk, slot_pk):
    review, slot = _slot(request, pk, slot_pk)
    attempt(request, lambda: services.remove_slot(slot, by=request.user), "Place removed.")
    return redirect("teams:team", review.pk)


@login_required
def candidates(request, pk, slot_pk):
    review, slot = _slot(request, pk, slot_pk, "teams.search_pool_for_review")
    form = CandidateSearchForm(request.GET or None)
    suitable, conflicted, total = queries.candidates_for(
        slot, filters=form.cleaned_data if form.is_valid() else None
    )
    return render(
        request,
        "teams/candidates.html",
        {
            "review": review,
            "slot": slot,
            "form": form,
            "suitable": suitable,
            "conflicted": conflicted,
            "total": total,
            "can_add_peers": request.user.has_perm("teams.manage_pool"),
        },
    )


@login_required
def invite(request, pk, slot_pk, peer_pk):
    """Confirm the invitation of one peer to one place; a conflict needs a recorded reason."""
    review, slot = _slot(request, pk, slot_pk)
    peer = get_object_or_404(
        PeerProfile.objects.prefetch_related("expertise", "unavailable", "declared_conflicts", "employment"),
        pk=peer_pk,
    )
    year = review.onsite_start.year if review.onsite_start else None
    candidate = assess(
        peer,
        review,
        queries.commitments(year) if year else {},
        queries.reciprocal_for(review),
    )
    form = InviteForm(request.POST if request.method == "POST" else None, conflicts=candidate.conflicts)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(
            form,
            lambda: services.invite_peer(
                slot, peer=peer, by=request.user, override_reason=form.cleaned_data.get("override_reason", "")
            ),
        )
        if done:
            messages.success(request, f"Invitation sent to {peer}.")
            return redirect("teams:team", review.pk)
    return render(
        request, "teams/invite.html", {"review": review, "slot": slot, "candidate": candidate, "form": form}
    )


@login_required
@require_POST
def invitation_withdraw(request, pk, invitation_pk):
    review = review_for(request, pk, "teams.manage_team")
    invitation = get_object_or_404(SlotInvitation, pk=invitation_pk, slot__review=review)
    attempt(
        request,
        lambda: services.withdraw_invitation(invitation, by=request.user),
        "Invitation withdrawn. The place is open again.",
    )
    return redirect("teams:team", review.pk)


@login_required
@require_POST
def team_send(request, pk):
    review = review_for(request, pk, "teams.manage_team")
    attempt(
        request,
        lambda: services.send_team_to_council(review, by=request.user),
        "The proposed team has been sent to the council sponsor.",
    )
    return redirect("teams:team", review.pk)


@login_required
@require_POST
def team_respond(request, pk):
    review = review_for(request, pk, "teams.respond_to_team", queryset=REVIEW_WITH_NEIGHBOURS)
    form = TeamResponseForm(request.POST)
    if form.is_valid():
        attempt(
            request,
            lambda: services.respond_to_team(
                review,
                by=request.user,
                agree=form.cleaned_data["decision"] == "agree",
                comment=form.cleaned_data["comment"],
            ),
            "Thank you. Your reply has been sent to the review manager.",
        )
        return redirect("teams:team", review.pk)
    return render(request, "teams/team.html", _team_context(request, review, form))


def invitation_respond(request, token):
    """The page behind an invitation link: the peer accepts or declines their place."""
    invitation = get_object_or_404(
        SlotInvitation.objects.select_related("peer__user", "slot__review__authority", "invited_by"),
        token=token,
    )
    peer = invitation.peer
    if not invitation.is_open:
        return render(request, "teams/invitation_closed.html", {"invitation": invitation}, status=410)
    if peer.user and request.user != peer.user:
        return render(request, "teams/invitation_sign_in.html", {"invitation": invitation})
    if request.user.is_authenticated and request.user.email != peer.email:
        return render(request, "teams/invitation_sign_in.html", {"invitation": invitation})
    if peer.user:
        form = PlaceResponseForm(request.POST or None)
    else:
        form = PlaceResponseWithAccountForm(request.POST or None, peer=peer)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["decision"] == "decline":
        done, _ = attempt_form(
            form, lambda: services.decline_place(invitation, reason=form.cleaned_data["reason"])
        )
        if done:
            messages.success(request, "Thank you for letting us know. The review manager has your reply.")
            return redirect("teams:invitation-respond", token)
    elif request.method == "POST" and form.is_valid():
        if peer.user:
            done, slot = attempt_form(form, lambda: services.accept_place(invitation, user=request.user))
        else:
            done, slot = attempt_form(
                form,
                lambda: services.accept_place_with_new_account(
                    invitation, password=form.cleaned_data["password1"]
                ),
            )
            if done:
                login(request, slot.peer.user, backend="peerreview.backends.AccountBackend")
        if done:
            messages.success(request, f"You are on the team as {slot.get_role_display().lower()}. Thank you.")
            return redirect(slot.review)
    return render(request, "teams/invitation_respond.html", {"invitation": invitation, "form": form})


def _team_url(review):
    return reverse("teams:team", args=[review.pk])
