"""The team's reading of the evidence before the visit: hypotheses to test and early findings."""

from django.db import transaction

from ..models import EarlyFinding, Hypothesis


@transaction.atomic
def save_hypothesis(review, *, by, hypothesis=None, documents=(), exercises=(), **fields):
    """Record a hypothesis (its author is whoever records it), or change one."""
    if hypothesis is None:
        hypothesis = Hypothesis(review=review, author=by)
    for name, value in fields.items():
        setattr(hypothesis, name, value)
    hypothesis.save()
    hypothesis.documents.set(documents)
    hypothesis.exercises.set(exercises)
    return hypothesis


def add_early_finding(review, *, by, theme, text):
    return EarlyFinding.objects.create(review=review, author=by, theme=theme, text=text)
