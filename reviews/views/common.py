"""What the pre-visit evidence pages share: their navigation, and rendering a page with it."""

from django.shortcuts import render
from django.urls import reverse

from peerreview.navigation import more_evidence_links


def evidence_page(request, template, review, **context):
    return render(
        request, template, {"review": review, "evidence_links": evidence_links(request, review), **context}
    )


def evidence_links(request, review):
    """The evidence pages this person may open, for the navigation shared by those pages."""
    user, pk = request.user, review.pk
    team = user.has_perm("reviews.view_team_material", review)
    council = user.has_perm("reviews.act_for_council", review)
    links = [
        ("library", "Document library", reverse("reviews:library", args=[pk]), team or council),
        ("requests", "Document requests", reverse("reviews:document-requests", args=[pk]), team or council),
        ("self_evaluation", "Self-evaluation", reverse("reviews:self-evaluation", args=[pk]), team or council),
        ("questionnaire", "Questionnaire", reverse("reviews:questionnaire", args=[pk]),
         user.has_perm("reviews.share_questionnaire", review)),
        ("results", "Questionnaire results", reverse("reviews:questionnaire-results", args=[pk]), team),
        ("case_exercises", "Case exercises", reverse("reviews:case-exercises", args=[pk]), team or council),
        ("hypotheses", "Early findings and hypotheses", reverse("reviews:hypotheses", args=[pk]), team),
    ]  # fmt: skip
    # Then those of other apps (the young people's form), which this app cannot name.
    return [(key, label, url) for key, label, url, allowed in links if allowed] + more_evidence_links(
        user, review
    )
