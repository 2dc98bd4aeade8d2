"""The benchmark: how the key pages, the notes form under load and the letter jobs behave as data grows.

A measurement, not a test. It builds each data set in a database of its own
(created and dropped here, never the one you work in), so it is safe to run
anywhere PostgreSQL and Redis are. `make bench` runs it; README explains the output.
"""

import json
import os
import platform
import subprocess
import tempfile
from contextlib import contextmanager
from importlib.metadata import version
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test.utils import override_settings

from casework.bench import dataset, letter_gate, letters, load, offline, pages, scheduler, team_planning
from casework.models import Letter
from reviews.models import Review

# Another name (BENCH_DATABASE_NAME) lets two benchmarks share one PostgreSQL server.
DATABASE_NAME = os.environ.get("BENCH_DATABASE_NAME", "peerreview_bench")
TARGETS = {
    "queries": 15,
    "p95_ms": 150,
    "notes_per_s": 150,
    "notes_p95_ms": 250,
    "letter_s": 5,
    "rss_mb": 400,
}


@contextmanager
def fresh_database():
    """A new, migrated database for one data set; dropped afterwards. Yields its address for child processes."""
    connection.settings_dict.setdefault("TEST", {})["NAME"] = DATABASE_NAME
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        yield urlunsplit(urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{DATABASE_NAME}"))
    finally:
        connection.close()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def machine():
    memory = Path("/proc/meminfo").read_text().split("\n")[0].split()[1]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=settings.BASE_DIR
        ).stdout.strip()
    except OSError:
        commit = ""
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    return {
        "cpus": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres,
        "gunicorn": version("gunicorn"),
        "weasyprint": version("weasyprint"),
        "commit": commit,
    }


class Command(BaseCommand):
    help = "Measure key pages at two data sizes, notes under load and letter jobs; write bench-results.json."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, action="append",
            help="Size of the data set, 1 being 300 reviews and 5,000 peers; give it more than once "
                 "to compare sizes (default: 0.1 and 1). The load and letter runs use the largest.",
        )  # fmt: skip
        parser.add_argument("--repeat", type=int, default=30, help="Timed requests per page (default 30).")
        parser.add_argument(
            "--clients", type=int, default=20, help="Peers saving notes at once (default 20)."
        )
        parser.add_argument("--seconds", type=int, default=30, help="Length of the notes load (default 30).")
        parser.add_argument(
            "--workers",
            type=int,
            default=2 * (os.cpu_count() or 1) + 1,
            help="gunicorn workers (default 2×CPUs+1).",
        )
        parser.add_argument("--renders", type=int, default=5, help="Renders of each letter (default 5).")
        parser.add_argument("--output", default="bench-results.json")

    def handle(self, *args, **options):
        if connection.vendor != "postgresql" or not os.environ.get("DATABASE_URL"):
            raise CommandError("The benchmark runs on PostgreSQL: set DATABASE_URL (make bench does).")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            raise CommandError("The letter jobs need a real worker: set REDIS_URL (make bench does).")
        scales = sorted(options["scale"] or [0.1, 1])
        results = {"machine": machine(), "targets": TARGETS, "data": {}, "pages": {}}
        for scale in scales:
            with (
                fresh_database() as database_url,
                tempfile.TemporaryDirectory() as media,
                override_settings(MEDIA_ROOT=media),
            ):
                self.measure(results, scale, scale == scales[-1], database_url, media, options)
        Path(options["output"]).write_text(json.dumps(results, indent=2) + "\n")
        self.stdout.write(self.table(results, scales))
        self.stdout.write(f"Written to {options['output']}.")

    def measure(self, results, scale, largest, database_url, media, options):
        self.stdout.write(f"Building the data set at scale {scale:g}…")
        call_command("seed_demo", stdout=StringIO())
        cast = dataset.build(scale, media)
        results["data"][f"{scale:g}"] = cast.counts
        self.stdout.write(f"  {cast.counts}. Measuring pages…")
        for name, numbers in pages.measure(cast, options["repeat"]).items():
            results["pages"].setdefault(name, {})[f"{scale:g}"] = numbers
        for name, numbers in letter_gate.measure(cast, options["repeat"]).items():
            results["pages"].setdefault(name, {})[f"{scale:g}"] = numbers
        if not largest:
            return
        self.stdout.write("Planning a season of teams…")
        results["team_planning"] = team_planning.measure(cast.manager)
        self.stdout.write("The week's solver: the 80-request week, a re-plan, and the demo's week…")
        results["scheduler"] = scheduler.measure() | {
            "demo": scheduler.demo_comparison(
                Review.objects.filter(sessions__request__isnull=True).distinct().order_by("pk").first()
            )
        }
        self.stdout.write(f"Notes under load: {options['clients']} peers for {options['seconds']} s…")
        self.stdout.write("  (the floor view, the note form, then autosave, on the same gunicorn)")
        measured = load.run(
            cast.peers_on_site, password=dataset.PASSWORD, database_url=database_url, media_root=media,
            clients=options["clients"], seconds=options["seconds"], workers=options["workers"],
        )  # fmt: skip
        results["notes_load"] = measured.pop("notes")
        results.update({"floor_load": measured["floor"], "autosave_load": measured["autosave"]})
        results.update({key: measured[key] for key in ("notes_vs_floor", "autosave_vs_floor")})
        self.stdout.write("The offline web app in Chromium…")
        user, review = cast.peers_on_site[0]
        results["offline"] = offline.measure(
            user, review, password=dataset.PASSWORD, database_url=database_url, media_root=media
        )
        self.stdout.write("Letter jobs on a real worker…")
        demo = Letter.objects.get(review__authority__name="Royal Borough of Ashcombe")
        results["letter"] = {}
        for letter in (demo, cast.reviews["letter"].letter):
            numbers = letters.measure(
                letter, database_url=database_url, media_root=media, repeat=options["renders"]
            )
            results["letter"][
                "demo letter" if letter == demo else f"{numbers['findings']}-finding letter"
            ] = numbers

    def table(self, results, scales):
        t = TARGETS
        keys = [f"{s:g}" for s in scales]
        head = "".join(f" | scale {k:<5} median   p95  queries" for k in keys)
        lines = ["", f"{'Page':<30}{head}", "-" * (30 + 37 * len(keys))]
        for name, by_scale in results["pages"].items():
            cells = "".join(
                f" | {'':11}{n['median_ms']:>6.1f} {n['p95_ms']:>6.1f} {n['queries']:>6}"
                for n in (by_scale[k] for k in keys)
            )
            counts = {by_scale[k]["queries"] for k in keys}
            met = (
                len(counts) == 1
                and max(counts) <= t["queries"]
                and by_scale[keys[-1]]["p95_ms"] < t["p95_ms"]
            )
            lines.append(f"{name:<30}{cells}  {'meets targets' if met else 'MISSES a target'}")
        lines.append(f"(times in ms; targets: queries the same at every scale and at most {t['queries']}, "
                     f"p95 under {t['p95_ms']} ms at the largest scale)")  # fmt: skip
        if "notes_load" in results:
            n = results["notes_load"]
            met = (n["notes_per_s"] >= t["notes_per_s"] and n["p95_ms"] < t["notes_p95_ms"] and not n["errors"]
                   and n["stored"] == n["acknowledged"])  # fmt: skip
            lines += [
                "",
                f"Notes under load ({n['clients']} peers, {n['seconds']} s, {n['gunicorn_workers']} gunicorn workers): "
                f"{n['notes_per_s']} notes/s, p50 {n['p50_ms']} ms, p95 {n['p95_ms']} ms, p99 {n['p99_ms']} ms, "
                f"{n['errors']} errors, {n['acknowledged']} acknowledged, {n['stored']} stored  "
                f"{'meets targets' if met else 'MISSES a target'}",
                f"(targets: at least {t['notes_per_s']} notes/s, p95 under {t['notes_p95_ms']} ms, "
                "no errors, every acknowledged note stored)",
            ]
        if "floor_load" in results:
            lines += load.floor_lines(results, t)
        if "offline" in results:
            lines += ["", offline.summary(results["offline"])]
        for name, n in results.get("letter", {}).items():
            met = n["median_s"] < t["letter_s"] and n["peak_rss_mb"] < t["rss_mb"]
            lines.append(
                f"Letter job, {name} ({n['pages']} pages): median {n['median_s']} s, slowest {n['slowest_s']} s, "
                f"worker peak RSS {n['peak_rss_mb']} MB  {'meets targets' if met else 'MISSES a target'}"
            )
        if "letter" in results:
            lines.append(f"(targets: under {t['letter_s']} s and {t['rss_mb']} MB)")
        if "team_planning" in results:
            lines += ["", team_planning.line(results["team_planning"])]
        lines += scheduler.summary(results.get("scheduler"))
        m = results["machine"]
        lines.append(
            f"\n{m['cpus']} CPUs, {m['memory_gb']} GB, Python {m['python']}, Django {m['django']}, "
            f"PostgreSQL {m['postgresql']}, commit {m['commit'] or 'unknown'}"
        )
        return "\n".join(lines)
