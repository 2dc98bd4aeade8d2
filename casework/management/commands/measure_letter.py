"""Measure how long the feedback letter takes to render, and the peak memory of doing it.

A measurement, not a test: it builds a throwaway review inside a transaction that is
rolled back, renders its letter the way the Celery task does, and prints the numbers.
"""

import resource
import time
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from casework import services
from casework.models import Finding
from reviews import services as review_services
from reviews.models import Authority


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Render a letter with N agreed findings and print the time taken and the peak memory (RSS)."

    def add_arguments(self, parser):
        parser.add_argument("--findings", type=int, default=12)
        parser.add_argument("--repeat", type=int, default=3)

    def handle(self, *args, findings, repeat, **options):
        try:
            with transaction.atomic():
                self._measure(findings, repeat)
                raise Rollback
        except Rollback:
            pass

    def _measure(self, count, repeat):
        user = get_user_model().objects.create_user(email="measure@example.invalid", full_name="Measure")
        authority = Authority.objects.create(name="Measurement Borough Council (temporary)")
        review = review_services.create_review(
            authority=authority, created_by=user, onsite_start=date.today() + timedelta(weeks=4)
        )
        themes = list(review.themes.all())
        kinds = ["strength", "consideration", "recommendation"]
        for i in range(count):
            text = (
                f"Finding {i + 1}: partners describe how information about children moves between agencies, "
                "where it works well, where it stalls, and what the council could do to make it reliable. "
                * 5
            )
            finding = services.save_finding(
                review, Finding(review=review),
                fields={"kind": kinds[i % 3], "text": text, "theme": themes[i % len(themes)],
                        "priority": "high" if i % 3 == 2 else ""},
                notes=[], by=user,
            )  # fmt: skip
            services.set_agreed(finding, agreed=True, by=user)
        letter = services.create_letter(review, by=user)
        timings = []
        for _ in range(repeat):
            render = letter.renders.create(number=letter.renders.count() + 1, content_hash=str(time.time()))
            started = time.perf_counter()
            render = services.render_pdf(render.pk)
            timings.append(time.perf_counter() - started)
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        timings.sort()
        self.stdout.write(
            f"{count} findings, {render.pages} pages: median {timings[len(timings) // 2]:.2f} s, "
            f"slowest {timings[-1]:.2f} s, peak RSS {peak_mb:.0f} MB ({render.status})"
        )
