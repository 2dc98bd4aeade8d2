"""A review's audit trail, for its manager: filter, read, export."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.utils import timezone

from peerreview.exports import csv_response

from .. import audit, queries
from ..access import review_for
from ..models import AuditEvent
from .common import evidence_page


@login_required
def audit_trail(request, pk):
    """The review's security-relevant events, beside the download records its manager holds."""
    review = review_for(request, pk, "reviews.view_audit_trail")
    action = request.GET.get("action", "")
    events = queries.audit_trail_of(review, action)
    if request.GET.get("format") == "csv":
        return _csv(request, review, events)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return evidence_page(
        request,
        "reviews/audit.html",
        review,
        page=page,
        actions=AuditEvent.Action.choices,
        chosen=action,
        query=query.urlencode(),
    )


def _csv(request, review, events):
    audit.record(audit.Action.EXPORTED, request=request, review=review, target="Audit trail (CSV)")
    response, writer = csv_response(f"audit-review-{review.pk}.csv")
    writer.writerow(["when", "who", "what", "detail", "address"])
    for event in events.iterator():
        writer.writerow(
            [timezone.localtime(event.at).isoformat(), event.user_email, event.get_action_display(),
             event.target, event.ip_address or ""]
        )  # fmt: skip
    return response
