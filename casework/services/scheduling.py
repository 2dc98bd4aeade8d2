"""The week's solver as users meet it: requests, peers' days, asking for a week, and accepting it."""

import logging
import threading
import time as clock
import uuid
from datetime import date

from celery.exceptions import SoftTimeLimitExceeded
from django.core.mail import EmailMessage
from django.db import connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from peerreview import jobs
from reviews import audit
from reviews.services import ActionRefused

from .. import queries
from ..calendar import build_calendar
from ..checks import day_label
from ..models import ChangeEmail, Participant, PeerDay, Session, SessionRequest, WeekPlan
from ..scheduling import adapter
from ..scheduling.model import solve
from . import timetable

logger = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 1.0


@transaction.atomic
def save_request(review, obj, *, fields, venues, themes, by):
    creating = obj.pk is None
    for name, value in fields.items():
        setattr(obj, name, value)
    obj.review = review
    if creating:
        obj.created_by = by
    obj.save()
    obj.venues.set(venues)
    obj.themes.set(themes)
    return obj


@transaction.atomic
def delete_request(obj, *, by):
    audit.record(audit.Action.DELETED, user=by, review=obj.review, target=f"Session request “{obj}”")
    obj.delete()


@transaction.atomic
def save_peer_day(review, *, peer, day, away, arrives, leaves, note, by):
    """Record when a team member is on site on one day; a whole ordinary day removes the entry."""
    if not away and arrives is None and leaves is None:
        PeerDay.objects.filter(review=review, peer=peer, day=day).delete()
        return None
    entry, _ = PeerDay.objects.update_or_create(
        review=review,
        peer=peer,
        day=day,
        defaults={"away": away, "arrives": arrives, "leaves": leaves, "note": note},
    )
    return entry


@transaction.atomic
def propose_week(review, *, by, replan=False, time_limit=20):
    """Queue a solver run: a whole proposed week, or (after publication) a re-plan of the rest of it."""
    if not queries.on_site_days(review):
        raise ActionRefused("Set the on-site dates of the review before asking for a week.")
    if not SessionRequest.objects.filter(review=review, cancelled_at__isnull=True).exists():
        raise ActionRefused("Add the sessions you need as requests before asking for a week.")
    published = timetable.programme_of(review).is_published
    if replan and not published:
        raise ActionRefused("Re-planning is for a published timetable. Ask for a proposed week instead.")
    running = WeekPlan.objects.select_for_update().filter(
        review=review, status__in=[WeekPlan.Status.QUEUED, WeekPlan.Status.SOLVING]
    )
    for plan in running:
        if not jobs.is_stale(plan):
            raise ActionRefused("A week is already being planned. Wait for it to finish.")
        jobs.give_up(plan, "It did not finish in time and was replaced by a new request")
    plan = WeekPlan.objects.create(review=review, replan=replan, requested_by=by, time_limit=time_limit)
    jobs.dispatch_on_commit(plan)
    return plan


def _as_json(problem, result, days):
    def when(day, minutes):
        return {"day": days[day].isoformat(), "time": f"{minutes // 60:02d}:{minutes % 60:02d}"}

    return {
        "status": result.status,
        "placements": [
            {
                "request": pl.request,
                "day": days[pl.day].isoformat(),
                "starts": when(pl.day, pl.starts)["time"],
                "ends": when(pl.day, pl.ends)["time"],
                "venue": pl.venue,
                "peers": list(pl.peers),
            }
            for pl in result.placements
        ],
        "score": result.score,
        "left_out": {str(k): v for k, v in result.left_out.items()},
        "conflicts": [
            {"message": c.message, "requests": c.requests, "suggestions": c.suggestions}
            for c in result.conflicts
        ],
        "seconds": round(result.seconds, 2),
        "gap": result.gap,
    }


def run_week_plan(plan_id, token=None):
    """On the worker: solve, recording the best score so far on the job row. The timetable is not touched."""
    token = token or uuid.uuid4().hex
    plan = jobs.claim(WeekPlan.objects.select_related("review"), plan_id, token)
    if plan is None:
        return None
    try:
        problem = adapter.problem_for(
            plan.review, replan=plan.replan, now=plan.from_time, time_limit=plan.time_limit
        )
        days = queries.on_site_days(plan.review)

        caller = threading.get_ident()
        # Inside a transaction still open (the demo's seed) nobody else could see the solver thread's
        # writes, and on SQLite they would wait for the caller's lock: that thread then records nothing.
        shared = not connection.in_atomic_block

        def progress(stage, score, bound):
            if threading.get_ident() != caller and not shared:
                return
            WeekPlan.objects.filter(pk=plan.pk, worker_token=token).update(
                stage=stage,
                best_score=score,
                best_bound=bound,
                progress_at=timezone.now(),
                heartbeat_at=timezone.now(),
            )
            if threading.get_ident() != caller:  # the solver's own thread: leave no connection open
                connection.close()

        started = clock.monotonic()
        result = solve(problem, progress=progress)
        logger.info("Week plan %s: %s in %.1f s", plan.pk, result.status, clock.monotonic() - started)
    except SoftTimeLimitExceeded:
        _fail(plan, token, "The solver ran out of time before it had a week to show.")
        return plan
    except Exception as failure:  # shown to the user, with the timetable left as it was
        logger.exception("Week plan %s failed", plan_id)
        _fail(plan, token, f"The solver stopped with an error ({type(failure).__name__}).")
        return plan
    jobs.finish(
        WeekPlan,
        plan.pk,
        token,
        status=WeekPlan.Status.DONE,
        result=_as_json(problem, result, days),
        finished_at=timezone.now(),
    )
    return plan


def _fail(plan, token, message):
    jobs.finish(
        WeekPlan, plan.pk, token, status=WeekPlan.Status.FAILED, failure=message, finished_at=timezone.now()
    )


def changes_of(plan, sessions):
    """What accepting each placement would do to the current timetable: new, moved, peers changed or the same."""
    by_request = {s.request_id: s for s in sessions if s.request_id}
    rows = []
    for placement in plan.result.get("placements", []):
        session = by_request.get(placement["request"])
        if session is None:
            change = "new"
        elif (session.day.isoformat(), f"{session.starts:%H:%M}", session.venue_id) != (
            placement["day"],
            placement["starts"],
            placement["venue"],
        ):
            change = "moved"
        elif sorted(p.pk for p in session.peers.all()) != sorted(placement["peers"]):
            change = "peers"
        else:
            change = "same"
        rows.append((placement, session, change))
    return rows


@transaction.atomic
def accept_week_plan(plan, *, by, requests=None):
    """Put the proposal into the timetable, whole or for the chosen requests. Each change goes through the
    ordinary session service, so after publication it is logged and the people it concerns are told."""
    plan = WeekPlan.objects.select_for_update().select_related("review").get(pk=plan.pk)
    review = plan.review
    if plan.status != WeekPlan.Status.DONE:
        raise ActionRefused("This week is not ready yet.")
    newer = WeekPlan.objects.filter(
        review=review, requested_at__gt=plan.requested_at, accepted_at__isnull=False
    )
    if newer.exists():
        raise ActionRefused("A later proposal has been accepted since. Ask for a new week.")
    sessions = list(queries.sessions_of(review))
    wanted = None if requests is None else set(requests)
    if wanted is not None and not wanted:
        raise ActionRefused("Choose at least one session to accept.")
    asks = {r.pk: r for r in SessionRequest.objects.filter(review=review).prefetch_related("themes")}
    team = {person.pk: person for person in queries.team_of(review)}
    venues = {v.pk: v for v in queries.venues_of(review)}
    changed = 0
    published = timetable.programme_of(review).is_published
    told = {}  # email -> (user or None, [lines], [sessions])
    for placement, session, change in changes_of(plan, sessions):
        ask = asks.get(placement["request"])
        if ask is None or change == "same" or (wanted is not None and ask.pk not in wanted):
            continue
        fields = {
            "kind": ask.kind,
            "title": ask.title,
            "day": date.fromisoformat(placement["day"]),
            "starts": adapter.clock(_minutes(placement["starts"])),
            "ends": adapter.clock(_minutes(placement["ends"])),
            "venue": venues.get(placement["venue"]),
            "request": ask,
        }
        was = None
        old_peers = set()
        if session is None:
            session = Session(review=review)
        else:
            was = describe_when(session.day, session.starts, session.ends, session.venue)
            old_peers = set(session.peers.all())
        new_peers = [team[k] for k in placement["peers"] if k in team]
        saved = timetable.save_session(
            review,
            session,
            fields=fields,
            peers=new_peers,
            themes=list(ask.themes.all()),
            by=by,
            notify=False,
        )
        if change == "new":
            Participant.objects.create(
                session=saved, role=ask.participant_role, agency=ask.agency, contact=ask.participant_email
            )
        changed += 1
        if published:
            now = describe_when(saved.day, saved.starts, saved.ends, saved.venue)
            line = f"“{saved.label}” is now {now}" + (f" (it was {was})." if was and was != now else ".")
            for person in {*old_peers, *new_peers}:
                entry = told.setdefault(person.email, (person, [], []))
                if person in new_peers:
                    entry[1].append(line)
                    entry[2].append(saved)
                else:
                    entry[1].append(f"You are no longer on “{saved.label}” ({was}).")
            for email in {ask.participant_email, *(p.contact for p in saved.participants.all())}:
                if email and "@" in email:
                    entry = told.setdefault(email, (None, [], []))
                    entry[1].append(line)
                    entry[2].append(saved)
    if told:
        queue_change_emails(review, told, by, plan=plan)
    if wanted is None:
        plan.accepted_at = timezone.now()
        plan.accepted_by = by
        plan.save(update_fields=["accepted_at", "accepted_by"])
    return changed


def describe_when(day, starts, ends, venue):
    return f"{day_label(day)}, {starts:%H:%M} to {ends:%H:%M}" + (
        f" at {venue.name}" if venue else ", online"
    )


def queue_change_emails(review, told, by, plan=None):
    """One email for each person a released change concerns, saying what changed for them, with their
    changed sessions as an .ics their calendar updates from (same UID, higher sequence). ``told`` maps an
    address to (user or None, [lines], [sessions]); the rows are the sent log."""
    for email, (person, lines, sessions) in told.items():
        if person is not None and (not person.is_active or person == by):
            continue
        loaded = list(queries.sessions_of(review).filter(pk__in=[s.pk for s in sessions]))
        row = ChangeEmail.objects.create(
            plan=plan,
            review=review,
            user=person,
            to=email,
            subject=f"{review.authority.name}: your on-site timetable has changed",
            body=render_to_string(
                "casework/email/week_replanned.txt", {"review": review, "lines": lines, "person": person}
            ).strip(),
            ics=build_calendar(
                review, loaded, f"Changes to the peer review of {review.authority.name}"
            ).decode()
            if loaded
            else "",
        )
        jobs.dispatch_on_commit(row)


def send_change_email(email_id, token=None):
    """On the worker: send one change email with its .ics; a duplicate message for it does nothing."""
    token = token or uuid.uuid4().hex
    row = jobs.claim(ChangeEmail.objects.all(), email_id, token)
    if row is None:
        return None
    message = EmailMessage(row.subject, row.body, to=[row.to])
    if row.ics:
        message.attach("timetable-changes.ics", row.ics, "text/calendar")
    message.send()
    jobs.finish(ChangeEmail, row.pk, token, status=ChangeEmail.Status.SENT, sent_at=timezone.now())
    return row


def _minutes(text):
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def day_choices(review):
    return [(day.isoformat(), day_label(day)) for day in queries.on_site_days(review)]
