"""Celery tasks: thin wrappers that import their service inside the task body (see DESIGN.md)."""

from celery import shared_task


@shared_task(acks_late=True)
def requeue_stale_jobs():
    """The beat job: every registered kind of job whose message was lost or whose worker died is sent again."""
    from . import jobs

    return jobs.sweep()
