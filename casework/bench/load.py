"""Notes under load: the application under gunicorn on PostgreSQL, peers saving notes over HTTP.

Each client is a peer on a review that is on site. It signs in through the sign-in
form like a person, then saves finished notes as fast as the server answers. A note
counts as acknowledged only when the server answered with the redirect a browser
follows after "Save note"; afterwards every acknowledged note must be in the
database exactly once.
"""

import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

from ..models import Note

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """Just enough of a browser: keeps cookies, sends the CSRF token, does not follow redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method, path, form=None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            # The server closed a kept-alive connection: open a fresh one and ask once more.
            self.connection.close()
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                # A browser shows "Note saved." on the page it is sent to; this client reads no pages.
                if key != "messages":
                    self.cookies[key] = morsel.value
        return response.status, response.headers.get("Location", ""), content

    def csrf_token(self, path):
        status, _, content = self.request("GET", path)
        match = CSRF_FIELD.search(content)
        if status != 200 or not match:
            raise RuntimeError(f"{path} answered {status} without a form.")
        return match.group(1)

    def sign_in(self, email, password):
        token = self.csrf_token(reverse("sign-in"))
        form = {"csrfmiddlewaretoken": token, "username": email, "password": password}
        status, _, _ = self.request("POST", reverse("sign-in"), form)
        if status == 429:  # the limit of sign-ins a minute from one address: wait for the next minute
            time.sleep(61 - time.time() % 60)
            status, _, _ = self.request("POST", reverse("sign-in"), form)
        if status != 302:
            raise RuntimeError(f"Signing in as {email} answered {status}.")


class Server:
    """gunicorn serving the application, as in production (DEBUG off), on a free port."""

    def __init__(self, database_url, media_root, workers, **extra_env):
        self.port = free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or "benchmark-only-" + uuid.uuid4().hex,
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            **extra_env,
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "peerreview.wsgi", "--bind", f"127.0.0.1:{self.port}",
             "--workers", str(workers), "--log-level", "warning"],
            cwd=settings.BASE_DIR, env=env,
        )  # fmt: skip

    def __enter__(self):
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
            try:
                connection.request("GET", reverse("sign-in"))
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
            finally:
                connection.close()
        raise RuntimeError("gunicorn did not start within 30 seconds.")

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=30)


def run(peers_on_site, *, password, database_url, media_root, clients, seconds, workers):
    """Save notes from `clients` signed-in peers for `seconds`; count what the database holds."""
    chosen = [peers_on_site[i % len(peers_on_site)] for i in range(clients)]
    acknowledged, latencies, errors = [], [], []
    lock = threading.Lock()
    with Server(database_url, media_root, workers) as server:
        browsers = []
        for user, review in chosen:
            browser = Browser(server.port)
            browser.sign_in(user.email, password)
            path = reverse("casework:note-create", args=[review.pk])
            sessions = list(review.sessions.values_list("pk", flat=True)[:20])
            themes = list(review.themes.values_list("pk", flat=True))
            browsers.append((browser, path, browser.csrf_token(path), sessions, themes))
        start = threading.Barrier(clients + 1)
        stop_at = []

        def save_notes(browser, path, token, sessions, themes):
            start.wait()
            number = 0
            while time.monotonic() < stop_at[0]:
                number += 1
                client_id = str(uuid.uuid4())
                form = {
                    "csrfmiddlewaretoken": token,
                    "client_id": client_id,
                    "text": f"Note {number}: partners describe joint working at the front door as steady.",
                    "session": sessions[number % len(sessions)],
                    "kind": "strength",
                    "agency": "health",
                    "themes": [themes[number % len(themes)]],
                }
                began = time.perf_counter()
                try:
                    status, location, _ = browser.request("POST", path, form)
                except Exception as failure:  # counted, never lost from the report
                    status, location = f"{type(failure).__name__}", ""
                elapsed = (time.perf_counter() - began) * 1000
                with lock:
                    latencies.append(elapsed)
                    if status == 302 and location.endswith("/notes/"):
                        acknowledged.append(client_id)
                    else:
                        errors.append(str(status))

        threads = [threading.Thread(target=save_notes, args=b) for b in browsers]
        for thread in threads:
            thread.start()
        stop_at.append(time.monotonic() + seconds)
        began = time.monotonic()
        start.wait()
        for thread in threads:
            thread.join()
        duration = time.monotonic() - began
    stored = Note.objects.filter(client_id__in=acknowledged).count()
    latencies.sort()

    def percentile(p):
        return round(latencies[min(len(latencies) - 1, round(p * len(latencies)) - 1)], 1)

    return {
        "clients": clients,
        "seconds": round(duration, 1),
        "gunicorn_workers": workers,
        "notes_per_s": round(len(acknowledged) / duration, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "acknowledged": len(acknowledged),
        "stored": stored,
    }
