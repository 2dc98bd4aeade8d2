from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from reviews.queries import memberships_of


@login_required
def dashboard(request):
    """Each person's home: the reviews they belong to, with their role on each."""
    return render(request, "peerreview/dashboard.html", {"memberships": memberships_of(request.user)})
