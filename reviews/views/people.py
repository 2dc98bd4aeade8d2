"""The people on a review, as its manager looks after them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from peerreview import two_factor
from peerreview.pages import attempt_form, form_page

from .. import services
from ..access import review_for
from ..forms.plan import RemoveMemberForm
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


@login_required
def remove_member(request, pk, user_pk):
    """The review manager takes a person off the review, saying why."""
    review = review_for(request, pk, "reviews.manage_review")
    membership = get_object_or_404(Membership.objects.select_related("user"), review=review, user_id=user_pk)
    form = RemoveMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, person = attempt_form(
            form,
            lambda: services.remove_member(membership, by=request.user, **form.cleaned_data),
            field="reason",
        )
        if done:
            messages.success(
                request, f"{person.full_name} has been removed from the review and told by email."
            )
            return redirect(review if person != request.user else "dashboard")
    return form_page(
        request,
        form,
        title=f"Remove {membership.user.full_name} from the review",
        caption=review.authority.name,
        back_url=review.get_absolute_url(),
        template="reviews/disruption_form.html",
        intro=f"{membership.user.full_name} is {membership.get_role_display().lower()} on this review. "
        "Once removed, they can no longer open its pages, and any place they hold on the team is open again.",
    )
