"""The one way secret links are made: invitation links, the questionnaire link, calendar addresses."""

import secrets


def new_token():
    """A fresh secret for a link: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)
