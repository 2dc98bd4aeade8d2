"""Who may do what on a review: the one place these rules live.

Every view asks through these permissions (``user.has_perm(name, review)``);
no view or template decides access on its own. A person's role on a review
comes from their Membership; it is looked up once per request and review.
"""

import rules
from django.db.models import OuterRef, Subquery

from .models import COUNCIL_ROLES, TEAM_ROLES, Membership, Role


def role_on(user, review):
    """The user's role on the review, or None. Cached on the review object."""
    if not user.is_authenticated or review is None:
        return None
    cache = review.__dict__.setdefault("_role_cache", {})
    if user.pk not in cache:
        roles = Membership.objects.filter(review=review, user=user).order_by().values_list("role", flat=True)
        cache[user.pk] = next(iter(roles), None)
    return cache[user.pk]


def with_role_of(user, reviews):
    """The reviews, each fetched with the user's role on it, so that checking it costs no query."""
    if not user.is_authenticated:
        return reviews
    roles = Membership.objects.filter(review=OuterRef("pk"), user=user).order_by().values("role")[:1]
    return reviews.annotate(role_of_viewer=Subquery(roles))


def remember_role(user, review):
    """Keep the role fetched by `with_role_of` where `role_on` looks for it."""
    if "role_of_viewer" in review.__dict__:
        review.__dict__.setdefault("_role_cache", {})[user.pk] = review.role_of_viewer


@rules.predicate
def is_member(user, review):
    return role_on(user, review) is not None


@rules.predicate
def is_review_manager(user, review):
    return role_on(user, review) == Role.REVIEW_MANAGER


@rules.predicate
def is_on_team(user, review):
    return role_on(user, review) in TEAM_ROLES


@rules.predicate
def is_council_contact(user, review):
    return role_on(user, review) in COUNCIL_ROLES


@rules.predicate
def is_council_sponsor(user, review):
    return role_on(user, review) == Role.COUNCIL_SPONSOR


@rules.predicate
def is_quality_assurer(user, review):
    return role_on(user, review) == Role.QUALITY_ASSURER


@rules.predicate
def is_programme_manager(user):
    """Works for the programme as a review manager (a flag on the user, set by staff)."""
    return user.is_authenticated and user.is_review_manager


# Programme-wide: the shared lists, and starting reviews.
rules.add_perm("reviews.add_review", is_programme_manager)
rules.add_perm("reviews.list_reviews", is_programme_manager)
rules.add_perm("reviews.manage_councils", is_programme_manager)
rules.add_perm("reviews.edit_framework", is_programme_manager)

# On one review.
rules.add_perm("reviews.view_review", is_member)
rules.add_perm("reviews.manage_review", is_review_manager)
rules.add_perm("reviews.invite_members", is_review_manager)
rules.add_perm("reviews.edit_scope", is_review_manager)
rules.add_perm("reviews.add_lines", is_review_manager | is_council_contact)
rules.add_perm("reviews.respond_to_scope", is_council_contact)
rules.add_perm("reviews.edit_plan", is_review_manager)
rules.add_perm("reviews.move_stage", is_review_manager)
# Pre-visit evidence: the council supplies it, the team reads it.
rules.add_perm("reviews.view_library", is_on_team | is_council_contact)
rules.add_perm("reviews.upload_documents", is_council_contact | is_review_manager)
rules.add_perm("reviews.request_documents", is_review_manager)
# The council answers a document request; the manager accepts, returns or closes it (request_documents).
rules.add_perm("reviews.answer_document_requests", is_council_contact)
rules.add_perm("reviews.view_download_log", is_review_manager)
rules.add_perm("reviews.view_audit_trail", is_review_manager)
rules.add_perm("reviews.edit_self_evaluation", is_council_contact)
rules.add_perm("reviews.edit_case_exercises", is_council_contact)
rules.add_perm("reviews.manage_questionnaire", is_review_manager)
rules.add_perm("reviews.view_questionnaire_results", is_on_team)
rules.add_perm("reviews.share_questionnaire", is_council_contact | is_review_manager)
rules.add_perm("reviews.issue_questionnaire_codes", is_council_contact | is_review_manager)
rules.add_perm("reviews.edit_hypotheses", is_on_team)
# Interview notes, evidence and hypotheses are for the review team only.
rules.add_perm("reviews.view_team_material", is_on_team)
rules.add_perm("reviews.act_for_council", is_council_contact)
