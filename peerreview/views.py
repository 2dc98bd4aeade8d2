from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews.queries import memberships_of, next_milestones_of


@login_required
def dashboard(request):
    """Each person's home: their reviews with their role on each, and what is due next."""
    return render(
        request,
        "peerreview/dashboard.html",
        {"memberships": memberships_of(request.user), "milestones": next_milestones_of(request.user)},
    )
