"""Reminders sent once each: the record of a reminder and its email go together or not at all."""

from django.core.mail import send_mail
from django.db import IntegrityError, transaction


def send_once(model, *, to, subject, body, **about):
    """Record a reminder (a `model` row: `about` and the recipient, which its unique constraint names
    once) and email it to `to`, in one transaction. Returns whether it was sent now.

    A reminder recorded already is not sent again, so a second run of the job sends nothing twice; an
    email that fails to go rolls its record back, so a run after a crash sends what was not sent.
    """
    try:
        with transaction.atomic():
            model.objects.create(recipient=to, **about)
            send_mail(subject=subject, message=body, from_email=None, recipient_list=[to])
    except IntegrityError:
        return False
    return True
