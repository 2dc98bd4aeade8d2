"""Making one PDF version on the worker, the same way for the letter and the briefing pack."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from peerreview import jobs

logger = logging.getLogger(__name__)


def request_version(renders, content_hash, **fields):
    """The PDF version of this text: the one already asked for (or made), or a new one, queued.

    `renders` is the document's related manager (`letter.renders`); the caller holds the document
    locked. A version for the same text that is stale (its message lost, its worker gone) is never
    reused: it is failed and replaced. A new version is sent to the broker after commit; one the
    broker never took is sent again now.
    """
    failed = renders.model.Status.FAILED
    existing = renders.filter(content_hash=content_hash).exclude(status=failed).order_by("-number").first()
    stale = existing if existing and jobs.is_stale(existing) else None
    if existing and not stale:
        if jobs.waiting_for_broker(existing):
            jobs.dispatch_on_commit(existing)
        return existing
    number = (renders.aggregate(n=Max("number"))["n"] or 0) + 1
    render = renders.create(number=number, content_hash=content_hash, **fields)
    if stale:
        jobs.give_up(stale, f"It was not made in time and was replaced by version {number}")
    jobs.dispatch_on_commit(render)
    return render


def make_pdf(render, token, *, template, context, filename):
    """Render `template` to a tagged PDF and store it on `render`, a claimed PdfRender.

    A failure is recorded on the render for the user (earlier versions are untouched). If the
    worker no longer holds the job when it is done (failed or sent again meanwhile), its copy is
    dropped. Returns the render, or None when dropped.
    """
    model = type(render)
    try:
        html = render_to_string(template, {"render": render, **context})
        document = HTML(string=html).render()
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    except Exception as failure:  # shown to the user
        logger.exception("Rendering %s failed", render)
        jobs.finish(
            model,
            render.pk,
            token,
            status=model.Status.FAILED,
            failure=f"{type(failure).__name__}: {failure}",
            finished_at=timezone.now(),
        )
        return render
    render.file.save(filename, ContentFile(pdf), save=False)
    done = {
        "file": render.file.name,
        "sha256": hashlib.sha256(pdf).hexdigest(),
        "pages": len(document.pages),
        "status": model.Status.READY,
        "finished_at": timezone.now(),
    }
    if not jobs.finish(model, render.pk, token, **done):
        logger.warning("%s was taken from this worker; its copy is dropped", render)
        render.file.delete(save=False)
        return None
    render.refresh_from_db()
    return render
