from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation_email(invitation_id):
    from .services import invitations  # the service imports this module at its top

    invitations.deliver_invitation(invitation_id)


@shared_task(acks_late=True)
def send_document_request_reminders():
    from .services import requests

    return requests.send_document_request_reminders()
