"""The briefing pack for the council's staff and partners: drafting it from the review, editing,
rendering it to PDF by the worker, and sharing a version."""

import uuid

from django.db import transaction
from django.utils import timezone

from peerreview import jobs
from reviews.services import ActionRefused

from ..briefing import planned_sections
from ..letter_text import blocks, digest
from ..models import BriefingPack, BriefingRender, BriefingSection
from . import pdf


@transaction.atomic
def create_pack(review, *, by):
    """Write the pack's first draft from the review as it is now. Asked for twice, the first is kept."""
    pack, created = BriefingPack.objects.get_or_create(review=review, defaults={"created_by": by})
    if created:
        BriefingSection.objects.bulk_create(
            BriefingSection(pack=pack, key=key, title=title, body=body, position=i)
            for i, (key, title, body) in enumerate(planned_sections(review))
        )
    return pack


def update_section(section, *, body, by):
    if not body.strip():
        raise ActionRefused("A section cannot be empty. Write something, or keep the text it had.")
    section.body = body
    section.edited = True
    section.updated_by = by
    section.save(update_fields=["body", "edited", "updated_by"])
    return section


def refresh_section(section, *, by):
    """Rewrite one section from the review as it is now (the team, say, once its places are filled)."""
    planned = {key: body for key, _, body in planned_sections(section.pack.review)}
    if section.key not in planned:
        raise ActionRefused("This section is not written from the review, so it cannot be rewritten from it.")
    section.body = planned[section.key]
    section.edited = False
    section.updated_by = by
    section.save(update_fields=["body", "edited", "updated_by"])
    return section


def _content_hash(pack):
    return digest({"sections": list(pack.sections.values_list("title", "body"))})


@transaction.atomic
def request_render(pack, *, by):
    """Queue a PDF. The same text asked for twice gives the same job (or the PDF already made);
    a stale job for it is failed and replaced. Sent to the broker after commit (see peerreview.jobs)."""
    pack = BriefingPack.objects.select_for_update().get(pk=pack.pk)
    return pdf.request_version(pack.renders, _content_hash(pack), requested_by=by)


def render_briefing_pdf(render_id, token=None):
    """Make the PDF of a queued render. Safe to run again, or twice at once (see render_letter_pdf)."""
    token = token or uuid.uuid4().hex
    render = jobs.claim(BriefingRender.objects.select_related("pack__review__authority"), render_id, token)
    if render is None:
        return None
    pack = render.pack
    return pdf.make_pdf(
        render,
        token,
        template="casework/briefing_pdf.html",
        context={
            "pack": pack,
            "review": pack.review,
            "sections": [(s, blocks(s.body)) for s in pack.sections.all()],
        },
        filename=f"review-{pack.review_id}-briefing-v{render.number}.pdf",
    )


@transaction.atomic
def share_render(render, *, by):
    """Share a finished version with the council's staff and partners and the team, recording who did."""
    render = BriefingRender.objects.select_for_update().get(pk=render.pk)
    if render.status != BriefingRender.Status.READY:
        raise ActionRefused("Only a finished PDF can be shared. Wait until it is ready.")
    if render.shared_at:
        raise ActionRefused(f"Version {render.number} is already shared.")
    render.shared_at = timezone.now()
    render.shared_by = by
    render.save(update_fields=["shared_at", "shared_by"])
    return render
