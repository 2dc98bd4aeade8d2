"""Telling people what waits for them: one email per person, and a "Messages" page of one's own."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from peerreview import jobs, messages
from peerreview.models import Message
from tests.conftest import broker_unreachable
from tests.factories import UserFactory


def _notify(people, **extra):
    return messages.notify(
        people,
        subject="Harrowmere: a draft letter waits for your factual check",
        template="casework/email/letter_for_check.txt",
        context={"review": {"authority": {"name": "Harrowmere"}}, "number": 2},
        link="/reviews/7/letter/",
        review_id=7,
        **extra,
    )


def test_each_person_gets_an_email_of_their_own_with_one_address(db, django_capture_on_commit_callbacks):
    people = [UserFactory(email=f"person{n}@example.org") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        _notify([*people, people[0]])  # named twice, emailed once
    assert sorted(m.to for m in mail.outbox) == [[p.email] for p in people]
    assert all(m.cc == [] and m.bcc == [] for m in mail.outbox)


def test_the_email_carries_the_full_link_and_nothing_is_sent_before_the_change_commits(
    db, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://peer-reviews.example"
    person = UserFactory()
    with django_capture_on_commit_callbacks() as waiting:
        _notify([person])
    assert mail.outbox == []  # the change could still be rolled back
    for callback in waiting:
        callback()
    (email,) = mail.outbox
    assert "is ready for your factual check" in email.body
    assert "https://peer-reviews.example/reviews/7/letter/" in email.body
    assert Message.objects.get(recipient=person).sent_at is not None


def test_inactive_people_and_the_person_who_acted_are_not_told(db, django_capture_on_commit_callbacks):
    acting, left, told = UserFactory(), UserFactory(is_active=False), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        _notify([acting, left, told], exclude=acting)
    assert [m.to for m in mail.outbox] == [[told.email]]


def test_a_message_delivered_twice_is_emailed_once(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        (message,) = _notify([UserFactory()])
    assert messages.deliver(message.pk) is False
    assert len(mail.outbox) == 1


def test_with_the_broker_down_the_change_is_kept_and_the_sweeper_sends_the_email_later(transactional_db):
    person = UserFactory()
    with broker_unreachable():
        (message,) = _notify([person])  # outside a transaction: handed to the broker at once
    message.refresh_from_db()
    assert (message.status, mail.outbox) == (Message.Status.QUEUED, [])
    assert jobs.sweep()["peerreview.Message"] == {"requeued": 1, "failed": 0}
    assert [m.to for m in mail.outbox] == [[person.email]]


def _message(person, subject, minutes_ago=0):
    return Message.objects.create(
        recipient=person,
        subject=subject,
        body=f"Body of {subject}.",
        link="/reviews/7/scope/",
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
    )


def test_the_messages_page_shows_your_own_messages_newest_first(client, db):
    me, someone_else = UserFactory(), UserFactory()
    _message(me, "Older: the scope waits for your agreement", minutes_ago=10)
    _message(me, "Newer: the team waits for your agreement")
    _message(someone_else, "Someone else's letter waits for their check")
    client.force_login(me)
    page = client.get(reverse("messages")).content.decode()
    assert page.index("Newer: the team") < page.index("Older: the scope")
    assert 'href="/reviews/7/scope/"' in page
    assert "Someone else" not in page


def test_the_messages_page_is_paginated(client, db):
    me = UserFactory()
    for n in range(30):
        _message(me, f"Message number {n:02}", minutes_ago=n)
    client.force_login(me)
    first = client.get(reverse("messages")).content.decode()
    assert "Message number 00" in first
    assert "Message number 29" not in first
    second = client.get(reverse("messages"), {"page": 2}).content.decode()
    assert "Message number 29" in second
    assert "Page 2 of 2" in second


def test_the_messages_page_costs_the_same_queries_with_more_messages(client, db, count_queries):
    me = UserFactory()
    client.force_login(me)
    for n in range(3):
        _message(me, f"First batch {n}", minutes_ago=n)
    few = count_queries(lambda: client.get(reverse("messages")))
    for n in range(40):
        _message(me, f"Second batch {n}", minutes_ago=n)
    assert count_queries(lambda: client.get(reverse("messages"))) == few
