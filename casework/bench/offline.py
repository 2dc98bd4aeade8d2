"""The offline web app in Chromium (issue 18), against gunicorn as in production.

Two figures: how long "my day" takes to render with no connection, in a new page of a browser that
opened it once online (the service worker answers from the device), and how long 50 notes queued on
the device take to reach the server once the connection returns (and that each is stored once).
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time

from django.conf import settings
from django.urls import reverse
from playwright.sync_api import sync_playwright

from ..models import Note
from .load import Server

# Issue 18's targets: "my day" offline within 1 s; 50 queued notes sent within 10 s, each stored once.
TARGETS = {"my_day_offline_ms": 1000, "send_50_queued_s": 10}
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]

QUEUE = """async ({ count, review }) => {
  const outbox = await import("/static/js/outbox.mjs");
  const user = document.body.dataset.deviceUser;
  const ids = [];
  for (let i = 0; i < count; i += 1) {
    const clientId = crypto.randomUUID();
    ids.push(clientId);
    await outbox.queueNote({ clientId, user, review, text: `Benchmark note ${i}`, label: "",
      fields: [["client_id", clientId], ["text", `Benchmark note ${i} written offline.`]] });
  }
  return ids;
}"""

SEND = """async () => {
  const outbox = await import("/static/js/outbox.mjs");
  const user = document.body.dataset.deviceUser;
  const started = performance.now();
  while ((await outbox.notesOf(user)).length) {
    const result = await outbox.flush();
    if (result.offline || result.signedOut) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return performance.now() - started;
}"""


def measure(user, review, *, password, database_url, media_root, repeat=10, notes=50):
    # The worker keeps the static files for offline use: gunicorn must serve them (DEBUG off: collected).
    with tempfile.TemporaryDirectory() as static_root:
        env = {**os.environ, "STATIC_ROOT": static_root}
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"],
            cwd=settings.BASE_DIR, env=env, check=True,
        )  # fmt: skip
        return _measure(user, review, password, database_url, media_root, repeat, notes, static_root)


def _measure(user, review, password, database_url, media_root, repeat, notes, static_root):
    server = Server(database_url, media_root, 2, STATIC_ROOT=static_root)
    with server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
            base = f"http://localhost:{server.port}"
            page = context.new_page()
            page.goto(base + reverse("sign-in"))
            page.get_by_label("Email address").fill(user.email)
            page.get_by_label("Password").fill(password)
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_load_state()
            my_day = base + reverse("casework:my-day", args=[review.pk])
            page.goto(my_day)
            page.locator("#offline-ready").filter(has_text="kept on this phone").wait_for(timeout=60_000)

            context.set_offline(True)
            renders = []
            for _ in range(repeat):
                cold = context.new_page()
                started = time.perf_counter()
                cold.goto(my_day, wait_until="load")
                renders.append((time.perf_counter() - started) * 1000)
                cold.close()
            writer = context.new_page()
            writer.goto(base + reverse("casework:note-create", args=[review.pk]))
            ids = writer.evaluate(QUEUE, {"count": notes, "review": str(review.pk)})

            context.set_offline(False)
            send_ms = writer.evaluate(SEND)
        finally:
            browser.close()
    # Outside Playwright's event loop, where Django may query the database.
    stored = Note.objects.filter(client_id__in=ids).count()
    renders.sort()
    return {
        "my_day_offline_median_ms": round(statistics.median(renders), 1),
        "my_day_offline_p95_ms": round(renders[min(len(renders) - 1, int(len(renders) * 0.95))], 1),
        "queued_notes": notes,
        "send_queued_s": round(send_ms / 1000, 2),
        "stored": stored,
        "stored_once": stored == notes == len(set(ids)),
    }


def summary(numbers):
    """One line for the bench's table."""
    met = (
        numbers["my_day_offline_p95_ms"] <= TARGETS["my_day_offline_ms"]
        and numbers["send_queued_s"] <= TARGETS["send_50_queued_s"]
        and numbers["stored_once"]
    )
    return (
        f"Offline (Chromium): my day with no connection median {numbers['my_day_offline_median_ms']} ms, "
        f"p95 {numbers['my_day_offline_p95_ms']} ms; {numbers['queued_notes']} queued notes sent in "
        f"{numbers['send_queued_s']} s, {numbers['stored']} stored  {'meets targets' if met else 'MISSES a target'}\n"
        f"(targets: my day within {TARGETS['my_day_offline_ms']} ms, {numbers['queued_notes']} notes within "
        f"{TARGETS['send_50_queued_s']} s, each stored once)"
    )
