"""Reads for peerreview's own pages."""

from .models import Message


def messages_of(user):
    """What was sent to one person, newest first."""
    return Message.objects.filter(recipient=user).order_by("-created_at", "-pk")
