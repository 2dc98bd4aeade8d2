"""Fetching a review for a view, with the permission check applied.

Someone who is not a member gets 404, so the page does not reveal that the
review exists; a member without the permission asked for gets 403.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from .models import Review


def review_for(request, pk, permission="reviews.view_review", queryset=None):
    review = get_object_or_404(
        queryset if queryset is not None else Review.objects.select_related("authority"), pk=pk
    )
    if not request.user.has_perm("reviews.view_review", review):
        raise Http404("No review found.")
    if permission != "reviews.view_review" and not request.user.has_perm(permission, review):
        raise PermissionDenied
    return review
