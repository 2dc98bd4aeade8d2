"""The bench's season plan: 40 reviews × 8 open places planned at once from the bench's pool of 5,000 peers.

Measures the time from the database to a plan (building the planner's input, then solving), checks
every hard rule holds in the answer, and reports the fairness spread and the places left unfilled
with their reasons. Everything it adds is rolled back, so the other measurements see the data set
as it was built.
"""

import random
import time
from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reviews import services as review_services
from reviews.models import Authority
from teams import services as team_services
from teams.models import PeerRole, TeamSlot
from teams.planning import adapter, solver

REVIEWS = 40
EXTRA_PLACES = [PeerRole.POLICE_PEER, PeerRole.VOLUNTARY_PEER]  # with the six standard ones: eight
TARGET_SECONDS = 10


class _RollBack(Exception):
    pass


def measure(manager, seed=22):
    """Plan a season of REVIEWS new reviews, spread over six months from 30 weeks ahead, and roll it back."""
    rng = random.Random(seed)
    results = {}
    try:
        with transaction.atomic():
            councils = list(Authority.objects.order_by("pk"))
            today = timezone.localdate()
            monday = today - timedelta(days=today.weekday()) + timedelta(weeks=30)
            reviews = []
            for i in range(REVIEWS):
                review = review_services.create_review(
                    authority=rng.choice(councils),
                    created_by=manager,
                    purpose="To see how well children are kept safe.",
                    focus_areas=rng.sample(
                        ["Looked-after children", "Early help", "The front door and referrals"], 2
                    ),
                    onsite_start=monday + timedelta(weeks=i * 26 // REVIEWS),
                )
                team_services.ensure_standard_slots(review)
                TeamSlot.objects.bulk_create(
                    TeamSlot(review=review, role=role, position=10 + n) for n, role in enumerate(EXTRA_PLACES)
                )
                reviews.append(review)
            started = time.perf_counter()
            season = adapter.build_season(reviews)
            built = time.perf_counter() - started
            budget = settings.TEAM_PLAN_SECONDS - built  # as the job does: the limit covers reading the pool
            plan = solver.solve(season, seconds=budget, top_k=settings.TEAM_PLAN_CANDIDATES)
            total = time.perf_counter() - started
            loads = list(plan.load.values())
            reasons = Counter(_kind(reason) for reason in plan.unfilled.values())
            results = {
                "reviews": REVIEWS,
                "places": len(season.places),
                "pool": len(season.peers),
                "build_s": round(built, 2),
                "solve_s": round(plan.seconds, 2),
                "solve_parts_s": plan.timings,
                "time_to_plan_s": round(total, 2),
                "target_s": TARGET_SECONDS,
                "solver_status": plan.status,
                "hard_rules_broken": len(solver.broken_rules(season, plan)),
                "filled": len(plan.proposals),
                "unfilled": len(plan.unfilled),
                "unfilled_reasons": dict(reasons),
                "unfilled_examples": sorted(set(plan.unfilled.values()))[:3],
                "max_reviews_per_peer": max(loads, default=0),
                "mean_reviews_per_peer": round(sum(loads) / len(loads), 2) if loads else 0,
                "peers_used": len(loads),
            }
            raise _RollBack
    except _RollBack:
        pass
    return results


def _kind(reason):
    """The reason's first words ("No health peer free"), to count alike reasons together."""
    return " ".join(reason.split()[:4])


def line(numbers):
    n = numbers
    met = n["time_to_plan_s"] <= n["target_s"] and not n["hard_rules_broken"]
    return (
        f"Team planning ({n['reviews']} reviews, {n['places']} places, pool of {n['pool']}): plan in "
        f"{n['time_to_plan_s']} s (input {n['build_s']} s, solver {n['solve_s']} s, {n['solver_status']}), "
        f"{n['hard_rules_broken']} hard rules broken, {n['filled']} filled, {n['unfilled']} unfilled; "
        f"reviews per peer max {n['max_reviews_per_peer']}, mean {n['mean_reviews_per_peer']}  "
        f"{'meets targets' if met else 'MISSES a target'}\n(target: a plan in at most {n['target_s']} s "
        "with every hard rule held)"
    )
