"""Making one PDF version on the worker, the same way for the letter and the briefing pack."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from peerreview import jobs

logger = logging.getLogger(__name__)


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
