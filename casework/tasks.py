"""Celery tasks: thin and idempotent. Each imports its service inside its body (the services import this module)."""

from celery import shared_task


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_letter(self, render_id):
    from .services import letter

    # The task id marks the job as this message's: a duplicate message for it does nothing.
    letter.render_letter_pdf(render_id, token=self.request.id)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_briefing(self, render_id):
    from .services import briefing

    briefing.render_briefing_pdf(render_id, token=self.request.id)


@shared_task(acks_late=True)
def send_followup_reminders():
    from .services import followup

    return followup.send_followup_reminders()


@shared_task(acks_late=True)
def apply_retention():
    from .services import retention

    return len(retention.apply_retention(dry_run=False))
