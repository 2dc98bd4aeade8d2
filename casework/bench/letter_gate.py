"""The letter's sign-off pages for the benchmark: where a version comes from, and what the quality assurer
reads (the letter's checks), for the busiest review at the letter stage."""

from django.urls import reverse

from .. import queries
from ..models import LetterRender, SignOff
from . import pages


def key_pages(cast):
    """A draft version of the letter as it is, submitted for sign-off; (name, user, url) for its two pages."""
    review = cast.reviews["letter"]
    letter = review.letter
    sources = queries.letter_sources(letter)
    render = LetterRender.objects.create(
        letter=letter,
        number=letter.renders.count() + 1,
        content_hash=sources.draft_hash,
        status=LetterRender.Status.READY,
    )
    sign_off = SignOff.objects.create(letter=letter, render=render, text_hash=sources.text_hash)
    manager = pages._manager_of(review)
    return [
        ("Letter sources page", manager, reverse("casework:letter-provenance", args=[review.pk, render.pk])),
        (
            "Letter sign-off and checks",
            manager,
            reverse("casework:letter-sign-off", args=[review.pk, sign_off.pk]),
        ),
    ]


def measure(cast, repeat):
    return pages.time_pages(key_pages(cast), repeat)
