"""Letter jobs: a real Celery worker renders letters; we time each job and read the worker's peak memory.

The worker runs with the solo pool, so the rendering happens in the process whose
high-water mark of resident memory (VmHWM, Linux) we read: the peak of the whole
worker, not only of WeasyPrint. One fresh worker per letter, so each peak is its own.
"""

import os
import statistics
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings

from peerreview.celery import app as celery_app

from ..models import LetterRender
from ..tasks import render_letter


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("This system does not report peak memory (VmHWM).")


def _wait_until_ready(worker, name, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and worker.poll() is None:
        if any(host.startswith(name) for reply in celery_app.control.ping(timeout=0.5) for host in reply):
            return
    raise RuntimeError("The Celery worker did not start: is Redis running?")


def measure(letter, *, database_url, media_root, repeat, timeout=120):
    env = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media_root)}
    # A queue and name of its own, so that no other worker on the same Redis takes these jobs.
    name = f"bench-{uuid.uuid4().hex[:8]}"
    log = Path(media_root) / f"{name}.log"  # the worker's warnings, shown only if it fails
    with log.open("w") as errors:
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "peerreview", "worker", "--pool=solo", "--loglevel=warning",
             "--queues", name, "--hostname", f"{name}@%h", "--without-gossip", "--without-mingle"],
            cwd=settings.BASE_DIR, env=env, stdout=subprocess.DEVNULL, stderr=errors,
        )  # fmt: skip
    try:
        _wait_until_ready(worker, name)
        timings, pages = [], None
        for _ in range(repeat):
            # A new version each time: the service would rightly hand back an identical one already made.
            render = LetterRender.objects.create(
                letter=letter, number=letter.renders.count() + 1, content_hash=uuid.uuid4().hex
            )
            started = time.perf_counter()
            render_letter.apply_async((render.pk,), queue=name)
            deadline = started + timeout
            while render.status not in {LetterRender.Status.READY, LetterRender.Status.FAILED}:
                if time.perf_counter() > deadline or worker.poll() is not None:
                    raise RuntimeError("The worker did not render the letter: is Redis running?")
                time.sleep(0.02)
                render.refresh_from_db()
            if render.status == LetterRender.Status.FAILED:
                raise RuntimeError(f"Rendering failed: {render.failure}")
            timings.append(time.perf_counter() - started)
            pages = render.pages
        return {
            "findings": letter.review.findings.filter(agreed_at__isnull=False).count(),
            "pages": pages,
            "median_s": round(statistics.median(timings), 2),
            "slowest_s": round(max(timings), 2),
            "peak_rss_mb": round(peak_rss_mb(worker.pid)),
        }
    except RuntimeError as failure:
        raise RuntimeError(f"{failure}\nThe worker said:\n{log.read_text()[-2000:]}") from failure
    finally:
        worker.terminate()
        worker.wait(timeout=30)
