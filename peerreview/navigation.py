"""The review's navigation: the sections every page of a review links to, built once, from data.

The sections belong to three apps (reviews, teams, casework), and the header that shows them
(templates/reviews/_review_header.html) is shared by all of them. So the list is built here, in the
composing layer, and the template only renders it: no reviews template names another app's URLs
or asks another app's permissions. URLs are reversed by name, so this module imports no app.
"""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    url: str
    current: bool


def review_sections(user, review, current=None):
    """The review's sections for this viewer, in order; `current` is the key of the page's section.

    The one permission asked (does the viewer read the team's notes?) goes through the rules like
    every view's; the role it needs is cached on the review (`reviews.rules.role_on`, or
    `remember_role` for reviews fetched `with_role_of`), so once the view has checked access it
    costs no query.
    """
    if user.has_perm("casework.view_evidence", review):
        findings = ("findings", "Notes and findings", "casework:board")
    else:
        findings = ("findings", "Emerging messages", "casework:summaries")
    sections = [
        ("overview", "Overview", "reviews:detail"),
        ("scope", "Scope", "reviews:scope"),
        ("plan", "Plan", "reviews:plan"),
        ("team", "Team", "teams:team"),
        ("timetable", "Timetable", "casework:timetable"),
        ("evidence", "Evidence", "reviews:library"),
        findings,
        ("letter", "Letter", "casework:letter"),
        ("followup", "Follow-up", "casework:followup"),
    ]
    return [
        NavItem(key, label, reverse(name, args=[review.pk]), key == current) for key, label, name in sections
    ]


# Evidence pages another app adds to the evidence navigation (reviews/views/common.py), with the permission
# each needs: (key, label, URL name, permission). By name, so this module still imports no app.
MORE_EVIDENCE_PAGES = [
    (
        "family_feedback",
        "Young people and families",
        "casework:family-feedback",
        "casework.share_family_feedback",
    ),
    (
        "family_results",
        "Young people's answers",
        "casework:family-results",
        "casework.view_family_feedback_results",
    ),
]


def more_evidence_links(user, review):
    return [
        (key, label, reverse(name, args=[review.pk]))
        for key, label, name, permission in MORE_EVIDENCE_PAGES
        if user.has_perm(permission, review)
    ]
