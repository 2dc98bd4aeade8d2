"""A progress review's letter, drafted from its findings: one per recommendation of the original letter."""

from django.utils import timezone

from reviews.models import Review
from teams.models import TeamSlot

from .models import Judgement, ProgressReview


def progress_of(review):
    # The letter's views fetch it with the review (select_related "progress_of__original__authority").
    if Review.progress_of.is_cached(review):
        return getattr(review, "progress_of", None)
    return ProgressReview.objects.filter(review=review).select_related("original__authority").first()


def _introduction(review, progress):
    original = progress.original
    when = (
        f"from {review.onsite_start:%-d %B} to {review.onsite_end:%-d %B %Y}"
        if review.onsite_start
        else "recently"
    )
    letter = getattr(original, "letter", None)
    since = (
        f"our letter of {timezone.localdate(letter.issued_at):%-d %B %Y}"
        if letter and letter.issued_at
        else "our letter"
    )
    return (
        f"Thank you for inviting us back to {review.authority.name} for a progress review, on site {when}. "
        f"We came to see what has changed since {since}: for each of its recommendations, what the council "
        "and its partners have done, and how far it has been met.\n\n"
        "As before, this is not an inspection, and what people told us is not attributed to anyone."
    ) + _team(review)


def _team(review):
    team = [
        f"- {slot.peer.full_name}, {slot.get_role_display().lower()}"
        for slot in TeamSlot.objects.filter(review=review, peer__isnull=False)
        .select_related("peer")
        .order_by("position")
    ]
    return "\n\nThe team\n\n" + "\n".join(team) if team else ""


def _summary(judgements):
    counts = {verdict: 0 for verdict in Judgement.Verdict}
    for judgement in judgements:
        if judgement.verdict:
            counts[Judgement.Verdict(judgement.verdict)] += 1
    parts = [f"{n} {verdict.label.lower()}" for verdict, n in counts.items()]
    waiting = sum(1 for j in judgements if not j.verdict)
    text = f"Of the {len(judgements)} recommendations, we judged {', '.join(parts)}."
    if waiting:
        text += f" {waiting} {'is' if waiting == 1 else 'are'} not yet judged."
    return text


def progress_sections(review, progress):
    """(key, title, theme, body) sections: the introduction, then those drawn from the judgements."""
    return [
        ("introduction", "Introduction", None, _introduction(review, progress)),
        *judged_sections(review, progress),
    ]


def judged_sections(review, progress):
    """The sections drawn from the findings the judgements wrote: a summary, then each theme's recommendations."""
    judgements = list(
        progress.judgements.select_related("recommendation__theme", "finding").order_by(
            "recommendation__theme__number", "recommendation__position", "pk"
        )
    )
    sections = [("summary", "Progress at a glance", None, _summary(judgements))]
    themes = {theme.number: theme for theme in review.themes.all()}
    by_theme = {}
    for judgement in judgements:
        theme = judgement.recommendation.theme
        by_theme.setdefault(theme.number if theme else None, []).append(judgement)
    for number, own in by_theme.items():
        lines = [
            "- " + (" ".join(j.finding.text.split()) if j.finding_id and j.finding.agreed_at else "Not yet judged: “"
                    + " ".join(j.recommendation.text.split()) + "”")
            for j in own
        ]  # fmt: skip
        theme = themes.get(number)
        sections.append(
            (f"theme-{number}" if number else "other", theme.title if theme else "Beyond the framework", theme,
             "\n".join(lines))
        )  # fmt: skip
    return sections
