"""Read-side querysets for review pages, shaped so query counts stay flat as data grows."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.utils import timezone

from .models import (
    COUNCIL_ROLES,
    AuditEvent,
    Category,
    Document,
    DocumentRequest,
    DocumentVersion,
    InspectionWindow,
    Invitation,
    Membership,
    Milestone,
    Review,
    ReviewLine,
    ReviewTheme,
    Role,
)


def _clash(prefix=""):
    """True where the on-site dates overlap a known or expected inspection of the council."""
    return Exists(
        InspectionWindow.objects.filter(
            authority=OuterRef(f"{prefix}authority"),
            starts__lte=OuterRef(f"{prefix}onsite_end"),
            ends__gte=OuterRef(f"{prefix}onsite_start"),
        )
    )


def people_on(review, roles):
    """The active people holding one of `roles` on a review: whom to tell that something waits."""
    return (
        get_user_model()
        .objects.filter(is_active=True, memberships__review=review, memberships__role__in=roles)
        .distinct()
    )


def memberships_of(user):
    """The reviews a person belongs to, with their role, for their dashboard."""
    return (
        Membership.objects.filter(user=user)
        .select_related("review__authority")
        .annotate(has_clash=_clash("review__"))
        .order_by("review__onsite_start", "review__pk")
    )


def next_milestones_of(user, limit=8):
    """The next milestones not yet done, across every review the person belongs to."""
    return (
        Milestone.objects.filter(review__memberships__user=user, done_at__isnull=True)
        .exclude(review__stage=Review.Stage.CLOSED)
        .select_related("review__authority")
        .order_by("due", "pk")[:limit]
    )


def reviews_managed_by(user):
    return (
        Review.objects.filter(memberships__user=user, memberships__role=Role.REVIEW_MANAGER)
        .select_related("authority")
        .annotate(
            has_clash=_clash(),
            overdue=Count(
                "milestones",
                filter=Q(milestones__done_at__isnull=True, milestones__due__lt=timezone.localdate()),
            ),
        )
    )


def filter_reviews(reviews, *, stage="", council=None, year=None, sort=""):
    """The review list as its filters ask: by stage, council and on-site year; soonest (or latest) first."""
    if stage:
        reviews = reviews.filter(stage=stage)
    if council:
        reviews = reviews.filter(authority=council)
    if year:
        reviews = reviews.filter(onsite_start__year=year)
    return reviews.order_by("-onsite_start" if sort == "latest" else "onsite_start", "pk")


def review_years(queryset):
    return sorted(
        {d.year for d in queryset.exclude(onsite_start=None).values_list("onsite_start", flat=True)}
    )


def review_hub():
    return Review.objects.select_related("authority").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("user").order_by("role", "user__full_name"),
        ),
        "milestones",
    )


def review_themes(review, included_only=True):
    lines = ReviewLine.objects.filter(included=True) if included_only else ReviewLine.objects.all()
    return ReviewTheme.objects.filter(review=review).prefetch_related(Prefetch("lines", queryset=lines))


def inspection_clashes(review):
    if not review.onsite_start:
        return InspectionWindow.objects.none()
    return InspectionWindow.objects.filter(
        authority=review.authority_id, starts__lte=review.onsite_end, ends__gte=review.onsite_start
    )


def invitations_of(review):
    return Invitation.objects.filter(review=review, accepted_at__isnull=True).select_related("invited_by")


def library_of(review, *, category="", theme=""):
    """The review's documents with their versions, newest first, filtered as the library page asks."""
    documents = (
        Document.objects.filter(review=review)
        .prefetch_related(
            "themes", Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
        .order_by("category", "title")
    )
    if category in Category.values:
        documents = documents.filter(category=category)
    if theme.isdigit():
        documents = documents.filter(themes__pk=theme)
    return documents


def document_requests_of(review):
    """The review's requests, soonest due first, with their owner and how many documents answer each."""
    # Meta.ordering does not apply to a query with GROUP BY: order it here.
    return (
        review.document_requests.select_related("owner")
        .annotate(answered=Count("documents"))
        .order_by("due", "created_at", "pk")
    )


def document_request_history(request):
    return request.events.select_related("by")


def overdue_requests_of(review):
    return review.document_requests.overdue().select_related("owner")


def overdue_requests_for(user, limit=10):
    """Overdue document requests on the reviews a person manages or answers for the council."""
    return (
        DocumentRequest.objects.overdue()
        .filter(
            review__memberships__user=user,
            review__memberships__role__in=[Role.REVIEW_MANAGER, *COUNCIL_ROLES],
            review__called_off_at__isnull=True,
        )
        .exclude(review__stage=Review.Stage.CLOSED)
        .select_related("review__authority", "owner")
        .order_by("due", "pk")[:limit]
    )


def documents_with_versions():
    return Document.objects.prefetch_related(
        "themes", Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by"))
    )


def downloads_of(document, limit=50):
    """Who downloaded the document's versions, most recent first."""
    return AuditEvent.objects.filter(
        action=AuditEvent.Action.DOCUMENT_DOWNLOADED,
        object_id__in=[v.pk for v in document.versions.all()],
    ).select_related("user")[:limit]


def audit_trail_of(review, action=""):
    """The review's audit events, filtered to one kind of action when asked."""
    events = AuditEvent.objects.filter(review=review).select_related("user")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    return events
