"""Celery tasks: thin wrappers that import their service inside the task body (see DESIGN.md)."""

from celery import shared_task


@shared_task(acks_late=True)
def requeue_stale_jobs():
    """The beat job: every registered kind of job whose message was lost or whose worker died is sent again."""
    from . import jobs

    return jobs.sweep()


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_message(self, message_id):
    """Email one message to its one recipient (the task id marks the job as this message's)."""
    from . import messages

    return messages.deliver(message_id, token=self.request.id)
