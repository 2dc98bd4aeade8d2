from celery import shared_task

from . import importing, services


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_slot_invitation(invitation_id):
    services.deliver_slot_invitation(invitation_id)


@shared_task(acks_late=True)
def send_invitation_reminders():
    return services.send_invitation_reminders()


@shared_task(acks_late=True)
def import_peers(import_id):
    importing.run_import(import_id)
