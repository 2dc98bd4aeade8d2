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


# The solver stops itself at the plan's time limit; the soft limit only catches a run that hangs.
@shared_task(bind=True, acks_late=True, soft_time_limit=300)
def plan_week(self, plan_id):
    from .services import scheduling

    scheduling.run_week_plan(plan_id, token=self.request.id)


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_change_email(self, email_id):
    from .services import scheduling

    scheduling.send_change_email(email_id, token=self.request.id)
