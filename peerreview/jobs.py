"""Background jobs with a status row of their own (`models.TrackedJob`): sent after commit, swept when stale.

- `dispatch_on_commit(job)` sends the job's task once the transaction commits. A broker that
  cannot be reached is logged and noted on the job, which stays queued for the sweeper: it
  never turns a change already saved into a server error.
- `claim()` and `finish()`: a worker takes a waiting job (or carries on with one that its own
  message took before that worker was lost) and records the outcome only while it still holds
  the job, so a job sent twice is done once.
- `sweep()` is the beat job. A job waiting or working with no sign of life for
  `JOB_STALE_MINUTES` (its message lost, or its worker killed whole) is sent again; one the
  broker never took is sent again at the next sweep; after `JOB_MAX_ATTEMPTS` sendings it fails
  with a plain message.

Apps add their job models with `register(Model)` in their AppConfig.ready: this module imports no app.
"""

import logging
import time
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string

from .celery import app

logger = logging.getLogger(__name__)

UNREACHABLE = (
    "The background service could not be reached when this was queued; it will be retried automatically."
)
SWEEP_BATCH = 200

_registry = []


def register(model):
    """Put a TrackedJob model under the sweeper's care."""
    if model not in _registry:
        _registry.append(model)
    return model


def registered():
    return list(_registry)


def _cutoff():
    return timezone.now() - timedelta(minutes=settings.JOB_STALE_MINUTES)


def is_stale(job):
    """Waiting or working, with no sign of life for JOB_STALE_MINUTES: never to be reused as it is."""
    model = type(job)
    return job.status in (model.JOB_WAITING, model.JOB_WORKING) and job.heartbeat_at < _cutoff()


def waiting_for_broker(job, *, reload=False):
    """Queued, but the broker could not be reached when it was sent: the sweeper sends it again.

    `reload` reads the row again, for a caller holding the job from before its dispatch on commit.
    """
    if reload:
        job.refresh_from_db(fields=["status", "queue_problem"])
    return job.status == type(job).JOB_WAITING and bool(job.queue_problem)


def _is_due(job):
    return is_stale(job) or waiting_for_broker(job)


def _due(model):
    """Stale jobs, and waiting ones the broker never took."""
    return model.objects.filter(
        Q(status__in=[model.JOB_WAITING, model.JOB_WORKING], heartbeat_at__lt=_cutoff())
        | (Q(status=model.JOB_WAITING) & ~Q(queue_problem=""))
    )


def dispatch(model, pk):
    """Hand one job to the broker now. Returns whether the broker took it."""
    task = import_string(model.JOB_TASK)  # named by the job's own app: this module imports none
    if app.conf.task_always_eager:
        task.apply_async((pk,))  # in-process: a failure is the task's own, and is not the broker's
    else:
        try:
            task.apply_async((pk,))
        except Exception:  # the data is committed: the job stays queued, and the sweeper sends it again
            logger.exception(
                "Could not hand %s %s to the broker; the sweeper will retry", model._meta.label, pk
            )
            model.objects.filter(pk=pk, status=model.JOB_WAITING).update(queue_problem=UNREACHABLE)
            return False
    model.objects.filter(pk=pk).update(
        attempts=F("attempts") + 1, heartbeat_at=timezone.now(), queue_problem=""
    )
    return True


def dispatch_on_commit(job):
    """Send the job once the current transaction commits (at once outside one)."""
    transaction.on_commit(partial(dispatch, type(job), job.pk))


def claim(queryset, pk, token):
    """Take a job for the worker whose message carries `token`.

    Returns the job, marked working, or None when there is nothing to do: it is finished or
    failed, or another message is working on it. A redelivered message (same token) carries on.
    """
    model = queryset.model
    with transaction.atomic():
        job = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
        if job is None:
            return None
        carrying_on = job.status == model.JOB_WORKING and job.worker_token == token
        if job.status != model.JOB_WAITING and not carrying_on:
            return None
        job.status = model.JOB_WORKING
        job.worker_token = token
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "worker_token", "heartbeat_at"])
    return job


def finish(model, pk, token, **fields):
    """Record a job's outcome if the worker with `token` still holds it. Returns whether it did."""
    return bool(model.objects.filter(pk=pk, status=model.JOB_WORKING, worker_token=token).update(**fields))


def give_up(job, message):
    """Fail a job with a plain message; a worker still on it will find it no longer holds it."""
    model = type(job)
    model.objects.filter(pk=job.pk, status__in=[model.JOB_WAITING, model.JOB_WORKING]).update(
        status=model.JOB_FAILED, failure=message, worker_token="", queue_problem=""
    )


def _sweep_one(model, pk):
    with transaction.atomic():
        job = model.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if job is None or not _is_due(job):
            return None  # another sweep or a worker got there first
        if job.attempts >= settings.JOB_MAX_ATTEMPTS:
            logger.error(
                "%s %s did not finish after %s attempts: failed", model._meta.label, pk, job.attempts
            )
            give_up(job, f"The job did not finish after {job.attempts} attempts")
            return "failed"
        logger.warning("%s %s was %s with no sign of life: sent again", model._meta.label, pk, job.status)
        model.objects.filter(pk=pk).update(
            status=model.JOB_WAITING, worker_token="", heartbeat_at=timezone.now()
        )
        dispatch_on_commit(job)
    return "requeued"


def sweep():
    """Send again every stale job of every registered kind. Returns {kind: {"requeued": n, "failed": n}}."""
    report = {}
    for model in _registry:
        counts = {"requeued": 0, "failed": 0}
        for pk in list(_due(model).order_by("pk").values_list("pk", flat=True)[:SWEEP_BATCH]):
            outcome = _sweep_one(model, pk)
            if outcome:
                counts[outcome] += 1
        report[model._meta.label] = counts
    return report


# broker URL -> (when asked, the answer). Pages that poll every few seconds ask this; one
# connection attempt per process every few seconds is enough, and a dead broker costs its timeout.
_reachable = {}
REACHABLE_KNOWN_FOR_SECONDS = 10


def broker_reachable(timeout=1):
    """Can a job be handed to the broker just now? (Always, when tasks run in-process.)"""
    if app.conf.task_always_eager:
        return True
    url = app.conf.broker_url
    asked = _reachable.get(url)
    if asked and time.monotonic() - asked[0] < REACHABLE_KNOWN_FOR_SECONDS:
        return asked[1]
    connection = app.connection_for_write(connect_timeout=timeout)
    try:
        connection.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
        answer = True
    except Exception:
        answer = False
    finally:
        connection.release()
    _reachable[url] = (time.monotonic(), answer)
    return answer
