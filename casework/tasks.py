from celery import shared_task

from . import services


@shared_task(bind=True, acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def render_letter(self, render_id):
    # The task id marks the job as this message's: a duplicate message for it does nothing.
    services.render_pdf(render_id, token=self.request.id)


@shared_task(acks_late=True)
def send_followup_reminders():
    return services.send_followup_reminders()


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def tell_peers_about_checkin(checkin_id):
    services.tell_peers(checkin_id)


@shared_task(acks_late=True)
def apply_retention():
    return len(services.apply_retention(dry_run=False))
