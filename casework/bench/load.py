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

    def request(self, method, path, form=None, headers=None):
        headers = {**(headers or {}), "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
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


def _client_loop(browser, paths, token, sessions, themes, *, mode, start, stop_at, lock, record):
    """Save notes until the phase ends. `mode`: "form" (finished notes), "autosave" (drafts, each
    saved four times as it grows, like a note being typed) or "floor" (the floor view)."""
    start.wait()
    number, client_id, text = 0, None, ""
    path = paths["floor" if mode == "floor" else "notes"]
    headers = {"X-Autosave": "1"} if mode == "autosave" else None
    while time.monotonic() < stop_at[0]:
        number += 1
        if mode != "autosave" or number % 4 == 1:
            client_id, text = str(uuid.uuid4()), f"Note {number}:"
        text += " partners describe joint working at the front door as steady."
        form = {
            "csrfmiddlewaretoken": token,
            "client_id": client_id,
            "text": text,
            "session": sessions[number % len(sessions)],
            "kind": "strength",
            "agency": "health",
            "themes": [themes[number % len(themes)]],
        }
        began = time.perf_counter()
        try:
            status, location, content = browser.request("POST", path, form, headers=headers)
        except Exception as failure:  # counted, never lost from the report
            status, location, content = f"{type(failure).__name__}", "", ""
        elapsed = (time.perf_counter() - began) * 1000
        if headers:
            ok = status == 200 and '"saved": true' in content
        else:
            ok = status == 302 and location.endswith("/notes/")
        record(elapsed, client_id, text, ok, status)


def _phase(browsers, paths, *, mode, clients, seconds):
    acknowledged, latencies, errors = {}, [], []
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = []

    def record(elapsed, client_id, text, ok, status):
        with lock:
            latencies.append(elapsed)
            if ok:
                acknowledged[client_id] = text
            else:
                errors.append(str(status))

    threads = [
        threading.Thread(
            target=_client_loop,
            args=(browser, paths[review], token, sessions, themes),
            kwargs={"mode": mode, "start": start, "stop_at": stop_at, "lock": lock, "record": record},
        )
        for browser, review, token, sessions, themes in browsers
    ]
    for thread in threads:
        thread.start()
    stop_at.append(time.monotonic() + seconds)
    began = time.monotonic()
    start.wait()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - began
    # Every acknowledged note is there, with the last text acknowledged for it.
    stored = {
        str(client_id): text
        for client_id, text in Note.objects.filter(client_id__in=list(acknowledged)).values_list(
            "client_id", "text"
        )
    }
    latencies.sort()

    def percentile(p):
        return (
            round(latencies[min(len(latencies) - 1, round(p * len(latencies)) - 1)], 1) if latencies else None
        )

    return {
        "clients": clients,
        "seconds": round(duration, 1),
        "requests_per_s": round(len(latencies) / duration, 1),
        "notes_per_s": round(len(acknowledged) / duration, 1),
        "saves_per_s": round((len(latencies) - len(errors)) / duration, 1),
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p95_ms": percentile(0.95),
        "p99_ms": percentile(0.99),
        "errors": len(errors),
        "error_kinds": sorted(set(errors)),
        "acknowledged": len(acknowledged),
        "stored": sum(1 for client_id, text in acknowledged.items() if stored.get(client_id) == text),
    }


def run(peers_on_site, *, password, database_url, media_root, clients, seconds, workers):
    """Save notes from `clients` signed-in peers, `seconds` per phase, on one gunicorn set-up:
    the floor view, the note form, then autosave. Returns each phase's figures and the ratios."""
    chosen = [peers_on_site[i % len(peers_on_site)] for i in range(clients)]
    with Server(database_url, media_root, workers, BENCH_FLOOR="1") as server:
        browsers, paths = [], {}
        for user, review in chosen:
            browser = Browser(server.port)
            browser.sign_in(user.email, password)
            paths[review.pk] = {
                "notes": reverse("casework:note-create", args=[review.pk]),
                "floor": f"/bench/floor/reviews/{review.pk}/notes/new/",
            }
            sessions = list(review.sessions.values_list("pk", flat=True)[:20])
            themes = list(review.themes.values_list("pk", flat=True))
            token = browser.csrf_token(paths[review.pk]["notes"])
            browsers.append((browser, review.pk, token, sessions, themes))
        # A short warm-up, so that no phase pays for connections and caches being filled.
        _phase(browsers, paths, mode="form", clients=clients, seconds=min(3, seconds))
        floor = _phase(browsers, paths, mode="floor", clients=clients, seconds=seconds)
        notes = _phase(browsers, paths, mode="form", clients=clients, seconds=seconds)
        autosave = _phase(browsers, paths, mode="autosave", clients=clients, seconds=seconds)
    notes["gunicorn_workers"] = floor["gunicorn_workers"] = autosave["gunicorn_workers"] = workers
    return {
        "notes": notes,
        "floor": floor,
        "autosave": autosave,
        "notes_vs_floor": round(notes["notes_per_s"] / floor["notes_per_s"], 2)
        if floor["notes_per_s"]
        else None,
        "autosave_vs_floor": (
            round(autosave["saves_per_s"] / floor["notes_per_s"], 2) if floor["notes_per_s"] else None
        ),
    }


def floor_lines(results, targets):
    """The table's lines for the floor and autosave, and how close the note form comes to the floor."""
    f, a, n = results["floor_load"], results["autosave_load"], results["notes_load"]
    return [
        f"Floor (a signed-in POST inserting one note row, same gunicorn and middleware): "
        f"{f['requests_per_s']} requests/s, p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, {f['errors']} errors",
        f"Autosave (JSON): {a['saves_per_s']} saves/s, p50 {a['p50_ms']} ms, p95 {a['p95_ms']} ms, "
        f"{a['errors']} errors, {a['acknowledged']} notes acknowledged, {a['stored']} stored as last acknowledged",
        f"Notes ÷ floor: {results['notes_vs_floor']} ({n['notes_per_s']} ÷ {f['notes_per_s']}); "
        f"autosave ÷ floor: {results['autosave_vs_floor']} (target: notes at least 0.6 × floor)",
    ]
