from celery import shared_task

from . import jobs


@shared_task(acks_late=True)
def requeue_stale_jobs():
    """The beat job: every registered kind of job whose message was lost or whose worker died is sent again."""
    return jobs.sweep()
