"""The letter's first draft, written from the review and its agreed findings: (key, title, theme, body) sections."""

from django.db.models import Count, Q

from teams.models import TeamSlot

from .models import Finding, Session

KIND_HEADINGS = [
    (Finding.Kind.STRENGTH, "Strengths", "- "),
    (Finding.Kind.CONSIDERATION, "Areas for consideration", "- "),
    (Finding.Kind.RECOMMENDATION, "Recommendations", "* "),
]


def agreed_findings(review):
    return Finding.objects.agreed().filter(review=review).order_by("theme__number", "position", "pk")


def _findings_text(findings):
    parts = []
    for kind, heading, marker in KIND_HEADINGS:
        items = [f for f in findings if f.kind == kind]
        if items:
            parts.append(heading + "\n\n" + "\n".join(marker + " ".join(f.text.split()) for f in items))
    return "\n\n".join(parts)


def _introduction(review):
    when = (
        f"from {review.onsite_start:%-d %B} to {review.onsite_end:%-d %B %Y}"
        if review.onsite_start
        else "recently"
    )
    return (
        f"Thank you for inviting us to carry out a safeguarding children peer review of {review.authority.name}, "
        f"on site {when}. A peer review is not an inspection: the team came as critical friends, to help the "
        "council and its partners see how well children are kept safe and what would make the most difference next.\n\n"
        "This letter sets out what we found: strengths, areas for consideration and our recommendations, under each "
        "theme of the framework. What people told us was given in confidence and is not attributed to anyone."
    )


def _scope_and_method(review):
    kinds = dict(Session.objects.filter(review=review).values_list("kind").annotate(n=Count("pk")))
    slots = [
        f"- {slot.get_role_display()}: {slot.peer.job_title or 'peer'}, {slot.peer.organisation or 'partner agency'}"
        for slot in TeamSlot.objects.filter(review=review, peer__isnull=False).select_related("peer")
    ]
    lines = review.themes.aggregate(n=Count("lines", filter=Q(lines__included=True)))["n"]
    parts = [
        f"The purpose of the review, agreed with the council: {review.purpose or 'as set out in the scope'}",
        f"We looked at the five themes of the framework through {lines} lines of enquiry"
        + (f", with a focus on {', '.join(review.focus_areas).lower()}." if review.focus_areas else "."),
    ]
    if slots:
        parts.append("The team\n\n" + "\n".join(slots))
    parts.append(
        "What we did\n\n"
        f"- Read {review.documents.count()} documents and the council's self-evaluation before the visit\n"
        f"- Held {kinds.get('interview', 0)} interviews and {kinds.get('focus_group', 0)} focus groups\n"
        f"- Made {kinds.get('observation', 0) + kinds.get('site_visit', 0)} observations and site visits\n"
        f"- Met the council daily to share emerging messages, so that nothing here should be a surprise"
    )
    return "\n\n".join(parts)


def planned_sections(review):
    """The sections a fresh draft would have: (key, title, theme, body)."""
    return [
        ("introduction", "Introduction", None, _introduction(review)),
        ("scope", "Scope and method", None, _scope_and_method(review)),
        *finding_sections(review),
    ]


def finding_sections(review):
    """The sections drawn from the agreed findings, one for each theme that has any."""
    findings = list(agreed_findings(review).select_related("theme"))
    sections = []
    for theme in review.themes.all():
        own = [f for f in findings if f.theme_id == theme.pk]
        if own:
            sections.append((f"theme-{theme.number}", theme.title, theme, _findings_text(own)))
    outside = [f for f in findings if f.theme_id is None]
    if outside:
        sections.append(("other", "Beyond the framework", None, _findings_text(outside)))
    return sections
