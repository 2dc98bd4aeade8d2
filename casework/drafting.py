"""The letter's first draft, written from the review and its agreed findings: (key, title, theme, body) sections."""

from dataclasses import dataclass

from django.db.models import Count, Q

from reviews.models import Membership, Role
from teams.models import TeamSlot

from .models import Finding, Session
from .progress_letter import judged_sections, progress_of, progress_sections

KIND_HEADINGS = [
    (Finding.Kind.STRENGTH, "Strengths", "- "),
    (Finding.Kind.CONSIDERATION, "Areas for consideration", "- "),
    (Finding.Kind.RECOMMENDATION, "Recommendations", "* "),
]


@dataclass(frozen=True)
class Person:
    name: str
    title: str = ""


def letter_people(review):
    """Who the letter is to (the council's sponsor) and who signs it (the team leader), if known."""
    first = {}
    for membership in (
        Membership.objects.filter(review=review, role__in=[Role.COUNCIL_SPONSOR, Role.TEAM_LEADER])
        # The leader's peer profile in the same query: the letter's checks read this on every page.
        .select_related("user__peer_profile")
        .order_by("created_at", "pk")
    ):
        first.setdefault(membership.role, membership.user)
    sponsor, leader = first.get(Role.COUNCIL_SPONSOR), first.get(Role.TEAM_LEADER)
    profile = getattr(leader, "peer_profile", None) if leader else None
    leader_title = (
        ", ".join(part for part in (profile.job_title, profile.organisation) if part) if profile else ""
    )
    return {
        "addressee": Person(sponsor.full_name, sponsor.job_title) if sponsor else None,
        "signatory": Person(leader.full_name, leader_title or leader.job_title) if leader else None,
    }


def agreed_findings(review):
    return Finding.objects.agreed().filter(review=review).order_by("theme__number", "position", "pk")


NO_FINDING = "No finding in this area."


def _finding_line(finding):
    text = " ".join(finding.text.split())
    if finding.kind == Finding.Kind.RECOMMENDATION and finding.priority:
        text += f" (priority: {finding.get_priority_display().lower()})"
    return text


def _findings_text(findings):
    parts = []
    for kind, heading, marker in KIND_HEADINGS:
        items = [f for f in findings if f.kind == kind]
        if items:
            parts.append(heading + "\n\n" + "\n".join(marker + _finding_line(f) for f in items))
    return "\n\n".join(parts) or NO_FINDING


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
        f"- {slot.peer.full_name}, {slot.get_role_display().lower()}: "
        f"{slot.peer.job_title or 'peer'}, {slot.peer.organisation or 'partner agency'}"
        for slot in TeamSlot.objects.filter(review=review, peer__isnull=False).select_related("peer")
    ]
    lines = review.themes.aggregate(n=Count("lines", filter=Q(lines__included=True)))["n"]
    focus = [" ".join(area.split()) for area in review.focus_areas if area.strip()]
    parts = [
        f"The purpose of the review, agreed with the council: {review.purpose or 'as set out in the scope'}",
        f"We looked at the five themes of the framework through {lines} lines of enquiry"
        + (", and at the areas the council asked us to focus on:" if focus else "."),
    ]
    if focus:
        # Each as the council wrote it: names and initials keep their capitals.
        parts.append("\n".join(f"- {area}" for area in focus))
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
    progress = progress_of(review)
    if progress is not None:  # a progress review writes about the original recommendations, one by one
        return progress_sections(review, progress)
    return [
        ("introduction", "Introduction", None, _introduction(review)),
        ("scope", "Scope and method", None, _scope_and_method(review)),
        *finding_sections(review),
    ]


def finding_sections(review, findings=None):
    """The sections drawn from the agreed findings: one for every theme of the scope, found in or not.

    `findings`: the agreed findings in letter order, when the caller has them already (the letter page)."""
    progress = progress_of(review)
    if progress is not None:
        return judged_sections(review, progress)
    if findings is None:
        findings = list(agreed_findings(review).select_related("theme"))
    sections = []
    for theme in review.themes.all():
        own = [f for f in findings if f.theme_id == theme.pk]
        sections.append((f"theme-{theme.number}", theme.title, theme, _findings_text(own)))
    outside = [f for f in findings if f.theme_id is None]
    if outside:
        sections.append(("other", "Beyond the framework", None, _findings_text(outside)))
    return sections
