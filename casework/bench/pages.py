"""Server time and SQL queries of each key page, asked for as the person who would use it."""

import gc
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reviews.models import Membership, Role


def _manager_of(review):
    return Membership.objects.get(review=review, role=Role.REVIEW_MANAGER).user


def key_pages(cast):
    """(name, user or None, url) for every page the benchmark measures."""
    people, reviews = cast.people, cast.reviews
    on_site, letter, team = reviews["on site"].pk, reviews["letter"].pk, reviews["team"].pk
    monday = reviews["on site"].onsite_start
    manager = _manager_of(reviews["on site"])
    return [
        ("Sign-in page (baseline)", None, reverse("sign-in")),
        ("Dashboard: review manager", cast.manager, reverse("dashboard")),
        ("Dashboard: team leader", people["team leader"], reverse("dashboard")),
        ("Dashboard: peer", people["peer"], reverse("dashboard")),
        ("Dashboard: council sponsor", people["council sponsor"], reverse("dashboard")),
        ("Dashboard: council organiser", people["council organiser"], reverse("dashboard")),
        ("Review list", cast.manager, reverse("reviews:list")),
        ("Review hub", manager, reverse("reviews:detail", args=[on_site])),
        ("Team page with suggestions", _manager_of(reviews["team"]), reverse("teams:team", args=[team])),
        ("Pool search", cast.manager, reverse("teams:peer-list") + f"?q=ellis&role=officer_peer&available_from={monday:%d/%m/%Y}"),
        ("Timetable grid", manager, reverse("casework:timetable", args=[on_site])),
        ("Evidence board", people["team leader"], reverse("casework:board", args=[on_site])),
        ("Coverage matrix", people["team leader"], reverse("casework:coverage", args=[on_site])),
        ("Document library", people["council organiser"], reverse("reviews:library", args=[on_site])),
        ("Letter page", _manager_of(reviews["letter"]), reverse("casework:letter", args=[letter])),
        ("Programme view", cast.manager, reverse("casework:programme")),
    ]  # fmt: skip


def measure(cast, repeat):
    """{name: {median_ms, p95_ms, queries}}: the queries of one request, then `repeat` timed ones."""
    return time_pages(key_pages(cast), repeat)


def time_pages(pages, repeat):
    """`measure` for any list of (name, user or None, url)."""
    results = {}
    # The benchmark's own objects (the data set it just built) are not the server's: keep the
    # garbage collector from walking them during a page's time, as a preloaded server would.
    gc.collect()
    gc.freeze()
    for name, user, url in pages:
        client = Client(SERVER_NAME="127.0.0.1")  # an allowed host, as DEBUG is off
        if user is not None:
            client.force_login(user)
        client.get(url)  # warm-up: the first request of a process fills caches that later ones share
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        queries = len(captured)  # now: the log it reads is emptied at the start of every request
        if response.status_code != 200:
            raise RuntimeError(f"{name} ({url}) answered {response.status_code}, not 200.")
        timings = []
        for _ in range(repeat):
            started = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        results[name] = {
            "median_ms": round(statistics.median(timings), 1),
            "p95_ms": round(timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)], 1),
            "queries": queries,
        }
    gc.unfreeze()
    return results
