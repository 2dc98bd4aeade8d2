from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from reviews.models import Review
from reviews.queries import memberships_of, next_milestones_of, overdue_requests_for
from reviews.rules import remember_role

from .queries import messages_of

MESSAGES_PER_PAGE = 25


@login_required
def dashboard(request):
    """Each person's home: their reviews with their role on each, and what is due next."""
    memberships = list(memberships_of(request.user))
    for membership in memberships:
        review = membership.review
        review.role_of_viewer = membership.role  # the role is known: the rules need not look it up
        remember_role(request.user, review)
        membership.scope_waiting = review.scope_status == Review.ScopeStatus.SENT and request.user.has_perm(
            "reviews.respond_to_scope", review
        )
    return render(
        request,
        "peerreview/dashboard.html",
        {
            "memberships": memberships,
            "milestones": next_milestones_of(request.user),
            "overdue_requests": overdue_requests_for(request.user),
        },
    )


@login_required
def messages_page(request):
    """What the service has emailed the signed-in person: their own messages only, newest first."""
    page = Paginator(messages_of(request.user), MESSAGES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "peerreview/messages.html", {"page": page})
