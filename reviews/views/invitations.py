"""Inviting people to a review, and the page behind an invitation link."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from peerreview.forms import NewAccountForm

from .. import services
from ..access import review_for
from ..forms.membership import InvitationForm
from ..models import Invitation


@login_required
def invitation_create(request, pk):
    review = review_for(request, pk, "reviews.invite_members")
    form = InvitationForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        invitation = services.invite_member(review=review, invited_by=request.user, **form.cleaned_data)
        messages.success(request, f"Invitation sent to {invitation.email}.")
        return redirect(review)
    return render(
        request,
        "reviews/invitation_form.html",
        {
            "review": review,
            "form": form,
            "title": "Invite someone to this review",
            "caption": review.authority,
        },
    )


@login_required
@require_POST
def invitation_revoke(request, pk, invitation_pk):
    review = review_for(request, pk, "reviews.invite_members")
    invitation = get_object_or_404(Invitation, pk=invitation_pk, review=review)
    try:
        services.revoke_invitation(invitation, by=request.user)
    except services.InvitationUnusable:
        messages.error(
            request, f"{invitation.email} has already accepted, so the invitation cannot be withdrawn."
        )
    else:
        messages.success(request, f"Invitation to {invitation.email} withdrawn. The link no longer works.")
    return redirect(review)


def invitation_accept(request, token):
    """The page behind an invitation link. Anyone holding the link may open it."""
    invitation = get_object_or_404(
        Invitation.objects.select_related("review__authority", "invited_by"), token=token
    )
    if not invitation.is_usable:
        return _unusable(request, invitation)

    if request.user.is_authenticated and request.user.email != invitation.email:
        return render(request, "reviews/invitation_sign_in.html", {"invitation": invitation})
    if not request.user.is_authenticated:
        if not get_user_model().objects.filter(email=invitation.email).exists():
            return _accept_with_new_account(request, invitation)
        # The address already has an account: its owner signs in first.
        return render(request, "reviews/invitation_sign_in.html", {"invitation": invitation})
    if request.method == "POST":
        try:
            services.accept_invitation(invitation, request.user)
        except services.InvitationUnusable as gone:
            return _unusable(request, gone.invitation)
        messages.success(request, f"You have joined the review of {invitation.review.authority}.")
        return redirect(invitation.review)
    return render(request, "reviews/invitation_accept.html", {"invitation": invitation})


def _accept_with_new_account(request, invitation):
    form = NewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.register_from_invitation(
                invitation,
                full_name=form.cleaned_data["full_name"],
                job_title=form.cleaned_data["job_title"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationUnusable as gone:
            return _unusable(request, gone.invitation)
        login(request, user, backend="peerreview.backends.AccountBackend")
        messages.success(request, f"Welcome. You have joined the review of {invitation.review.authority}.")
        return redirect(invitation.review)
    return render(request, "reviews/invitation_accept.html", {"invitation": invitation, "form": form})


def _unusable(request, invitation):
    return render(request, "reviews/invitation_unusable.html", {"invitation": invitation}, status=410)
