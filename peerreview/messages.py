"""Telling people what waits for them: one Message and one email per person, never a shared `To:`.

Apps call `notify()` from their services, inside the transaction of the change. Each message is
a row of its own (the person's "Messages" page lists them) and a job of its own: its email is
handed to a worker once the change commits (`jobs.dispatch_on_commit`), and the sweeper sends it
again if the broker could not be reached. The body says what waits and where, nothing confidential.
"""

import logging
import uuid

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from . import jobs
from .models import Message

logger = logging.getLogger(__name__)


def notify(recipients, *, subject, template, context=None, link, review_id=None, exclude=None):
    """Queue one message to each active person in `recipients` (each once), except `exclude`.

    `template` renders the body (plain text, the same for everyone: no names, no content of the
    review); `link` is a path on this site. Returns the messages.
    """
    people = {}
    for person in recipients:
        if person.is_active and person.email and person != exclude:
            people.setdefault(person.pk, person)
    if not people:
        return []
    body = render_to_string(template, context or {}).strip()
    made = Message.objects.bulk_create(
        Message(recipient=person, subject=subject, body=body, link=link, review_id=review_id)
        for person in people.values()
    )
    for message in made:
        jobs.dispatch_on_commit(message)
    return made


def email_text(message):
    return render_to_string(
        "peerreview/email/message.txt",
        {
            "message": message,
            "link": settings.SITE_URL + message.link,
            "messages_link": settings.SITE_URL + reverse("messages"),
        },
    )


def deliver(message_id, token=None):
    """Send one message's email to its one recipient. Safe to run twice: a sent message is skipped."""
    token = token or uuid.uuid4().hex
    message = jobs.claim(Message.objects.select_related("recipient"), message_id, token)
    if message is None:
        return False
    send_mail(
        subject=message.subject,
        message=email_text(message),
        from_email=None,
        recipient_list=[message.recipient.email],
    )
    jobs.finish(Message, message.pk, token, status=Message.Status.SENT, sent_at=timezone.now())
    logger.info("Sent message %s", message_id)
    return True
