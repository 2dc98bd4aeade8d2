"""Fetching what a view works on, with the permission check applied (rules live in rules.py).

Someone who is not a member of a review gets 404, so the page does not reveal
that the review exists; a member without the permission asked for gets 403.
"""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Review
from .rules import remember_role, with_role_of

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def review_for(request, pk, permission="reviews.view_review", queryset=None):
    reviews = queryset if queryset is not None else Review.objects.select_related("authority")
    review = get_object_or_404(with_role_of(request.user, reviews), pk=pk)
    remember_role(request.user, review)
    if not request.user.has_perm("reviews.view_review", review):
        raise Http404("No review found.")
    if permission != "reviews.view_review" and not request.user.has_perm(permission, review):
        raise PermissionDenied
    if review.is_called_off and request.method not in SAFE_METHODS:
        raise PermissionDenied(
            f"This review was called off on {review.called_off_at:%-d %B %Y}. "
            "Its pages can still be read, but nothing on it can be changed."
        )
    return review


def team_review_for(request, pk, permission=None):
    """The review, for its team only: anyone else gets 404, so the team's material (notes, say) stays hidden.

    A team member without the further permission asked for gets 403.
    """
    review = review_for(request, pk)
    if not request.user.has_perm("reviews.view_team_material", review):
        raise Http404("No review found.")
    if permission and not request.user.has_perm(permission, review):
        raise PermissionDenied
    return review


def programme_permission(permission):
    """For pages that belong to the programme rather than one review (councils, the framework)."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
