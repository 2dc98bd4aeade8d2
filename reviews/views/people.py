"""The people on a review, as its manager looks after them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from peerreview import two_factor

from ..access import review_for
from ..models import Membership


@login_required
@require_POST
def reset_two_factor(request, pk, user_pk):
    """The review manager resets a member's two-step sign-in (a lost phone, say)."""
    review = review_for(request, pk, "reviews.manage_review")
    membership = get_object_or_404(Membership.objects.select_related("user"), review=review, user_id=user_pk)
    two_factor.reset_for(membership.user, by=request.user, request=request)
    messages.success(
        request, f"{membership.user.full_name} can set up two-step sign-in again at their next sign-in."
    )
    return redirect(review)
