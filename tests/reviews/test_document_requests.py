"""Document requests: asked for by a date, answered by the council, accepted or returned, reminded once each."""

from datetime import timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from peerreview import reminders
from peerreview.models import Message
from reviews import services
from reviews.models import Document, DocumentRequest, DocumentRequestReminder, Membership, Review, Role
from reviews.tasks import send_document_request_reminders
from tests.conftest import build_world

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n"
TODAY = timezone.localdate


def ask(world, title="Referral data", days=10, owner=Role.COUNCIL_SPONSOR):
    return services.request_document(
        world.review, by=world.people[Role.REVIEW_MANAGER], title=title, category="performance",
        due=TODAY() + timedelta(days=days), owner=world.people[owner],
    )  # fmt: skip


def url(name, item):
    return reverse(f"reviews:{name}", args=[item.review_id, item.pk])


def upload_url(world):
    return reverse("reviews:document-requests-upload", args=[world.review.pk])


def status_of(item):
    item.refresh_from_db()
    return item.status


# Asking


def test_a_new_request_is_due_by_the_plans_documents_date_unless_changed(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    form = client.get(reverse("reviews:document-request-create", args=[world.review.pk])).context["form"]
    documents_due = world.review.milestones.get(kind="documents_due").due
    assert form.fields["due"].initial == documents_due


def test_a_request_due_in_the_past_is_refused_next_to_the_date_and_nothing_is_saved(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    yesterday = TODAY() - timedelta(days=1)
    response = client.post(
        reverse("reviews:document-request-create", args=[world.review.pk]),
        {
            "title": "Referral data", "category": "performance", "owner": world.people[Role.COUNCIL_SPONSOR].pk,
            "due_0": yesterday.day, "due_1": yesterday.month, "due_2": yesterday.year,
        },
    )  # fmt: skip
    assert response.context["form"].errors["due"] == ["The due date must be today or later"]
    assert not DocumentRequest.objects.exists()


def test_only_a_council_contact_can_own_a_request(world):
    with pytest.raises(services.ActionRefused):
        ask(world, owner=Role.PEER)


def test_the_owner_is_told_of_a_new_request(world):
    item = ask(world)
    assert list(Message.objects.values_list("recipient", "link")) == [
        (world.people[Role.COUNCIL_SPONSOR].pk, item.get_absolute_url())
    ]


# The council's list and its bulk upload


def test_the_council_sees_its_requests_in_one_list_soonest_due_first(client, world):
    ask(world, "Annual report", days=20)
    ask(world, "Referral data", days=5)
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    page = client.get(reverse("reviews:document-requests", args=[world.review.pk]))
    assert [item.title for item in page.context["requests"]] == ["Referral data", "Annual report"]
    assert (TODAY() + timedelta(days=5)).strftime("%-d %b %Y") in page.content.decode()


def test_a_bulk_upload_answers_each_request_with_its_own_files(client, world):
    data, report = ask(world, "Referral data"), ask(world, "Annual report")
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    response = client.post(
        upload_url(world),
        {
            f"request_{data.pk}": [SimpleUploadedFile("referrals.pdf", PDF)],
            f"request_{report.pk}": [
                SimpleUploadedFile("report.pdf", PDF),
                SimpleUploadedFile("annex.pdf", PDF),
            ],
        },
    )
    assert response.status_code == 302
    assert status_of(data) == status_of(report) == "submitted"
    assert sorted(data.documents.values_list("title", flat=True)) == ["referrals"]
    assert sorted(report.documents.values_list("title", flat=True)) == ["annex", "report"]


def test_a_refused_file_in_a_bulk_upload_saves_nothing_and_says_which_request(client, world):
    data, report = ask(world, "Referral data"), ask(world, "Annual report")
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    response = client.post(
        upload_url(world),
        {
            f"request_{data.pk}": [SimpleUploadedFile("referrals.pdf", PDF)],
            f"request_{report.pk}": [SimpleUploadedFile("report.html", b"<html><script>x</script></html>")],
        },
    )
    errors = response.context["form"].errors
    assert list(errors) == [f"request_{report.pk}"]
    assert "Nothing was uploaded" in errors[f"request_{report.pk}"][0]
    assert not Document.objects.filter(review=world.review, request__isnull=False).exists()
    assert status_of(data) == status_of(report) == "requested"


def test_a_bulk_upload_with_no_file_asks_for_one(client, world):
    item = ask(world)
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    response = client.post(upload_url(world), {})
    assert response.context["form"].errors[f"request_{item.pk}"] == [
        "Choose a file for at least one request."
    ]


# Accepting, returning, not available


@pytest.fixture
def submitted(world):
    item = ask(world)
    services.upload_for_requests(
        world.review, batches=[(item, [SimpleUploadedFile("referrals.pdf", PDF)])],
        by=world.people[Role.COUNCIL_SPONSOR],
    )  # fmt: skip
    return item


def test_the_manager_accepts_a_submitted_request(client, world, submitted):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    client.post(url("document-request-accept", submitted))
    assert status_of(submitted) == "accepted"
    assert submitted.events.last().by == world.people[Role.REVIEW_MANAGER]


def test_the_council_cannot_accept_its_own_answer(client, world, submitted):
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    assert client.post(url("document-request-accept", submitted)).status_code == 403
    assert status_of(submitted) == "submitted"


def test_a_returned_request_goes_back_to_the_council_with_the_reason(client, world, submitted):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    client.post(
        url("document-request-return", submitted), {"reason": "This covers one month; we need three."}
    )
    assert status_of(submitted) == "returned"
    assert submitted in DocumentRequest.objects.waiting_for_council()
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    page = client.get(url("document-request-detail", submitted)).content.decode()
    assert "This covers one month; we need three." in page
    assert url("document-request-not-available", submitted) in page


def test_returning_without_a_reason_is_refused_next_to_the_reason(client, world, submitted):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    response = client.post(url("document-request-return", submitted), {"reason": "  "})
    assert response.context["form"].errors["reason"] == ["Say why the request goes back"]
    assert status_of(submitted) == "submitted"


def test_the_council_says_a_document_is_not_available_with_an_explanation(client, world):
    item = ask(world)
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    client.post(
        url("document-request-not-available", item), {"explanation": "The report is published in May."}
    )
    assert status_of(item) == "not_available"
    assert item.events.last().text == "The report is published in May."


def test_not_available_without_an_explanation_is_refused_next_to_it(client, world):
    item = ask(world)
    client.force_login(world.people[Role.COUNCIL_ORGANISER])
    response = client.post(url("document-request-not-available", item), {"explanation": ""})
    assert response.context["form"].errors["explanation"] == ["Explain why it is not available"]
    assert status_of(item) == "requested"


def test_the_manager_cannot_answer_for_the_council(client, world):
    item = ask(world)
    client.force_login(world.people[Role.REVIEW_MANAGER])
    response = client.post(url("document-request-not-available", item), {"explanation": "Not kept."})
    assert response.status_code == 403
    assert status_of(item) == "requested"


def test_a_request_still_waiting_for_the_council_cannot_be_accepted(world):
    with pytest.raises(services.ActionRefused, match="Only a submitted request can be accepted"):
        services.accept_request(ask(world), by=world.people[Role.REVIEW_MANAGER])


def test_a_closed_request_is_no_longer_overdue(world):
    item = ask(world)
    DocumentRequest.objects.filter(pk=item.pk).update(due=TODAY() - timedelta(days=1))
    assert list(DocumentRequest.objects.overdue()) == [item]
    services.close_request(item, by=world.people[Role.REVIEW_MANAGER])
    assert not DocumentRequest.objects.overdue().exists()


# Overdue on the hub and the dashboard


def test_an_overdue_request_shows_on_the_hub_and_the_managers_dashboard(client, world):
    item = ask(world, "Latest LSCB annual report")
    DocumentRequest.objects.filter(pk=item.pk).update(due=TODAY() - timedelta(days=2))
    client.force_login(world.people[Role.REVIEW_MANAGER])
    for page in (reverse("reviews:detail", args=[world.review.pk]), reverse("dashboard")):
        assert list(client.get(page).context["overdue_requests"]) == [item]


def test_the_requests_list_query_count_stays_flat(client, world, count_queries):
    ask(world)
    client.force_login(world.people[Role.COUNCIL_SPONSOR])
    page = reverse("reviews:document-requests", args=[world.review.pk])
    before = count_queries(lambda: client.get(page))
    for i in range(15):
        ask(world, f"Item {i}")
    assert count_queries(lambda: client.get(page)) == before


# Reminders


def test_reminders_go_to_the_owner_before_the_due_date_and_when_overdue_once_each(world, settings):
    settings.DOCUMENT_REQUEST_REMINDER_DAYS = 3
    item = ask(world, days=10)
    mail.outbox.clear()
    due = item.due
    sent = [
        services.send_document_request_reminders(today=due + timedelta(days=d)) for d in (-4, -3, -1, 1, 2)
    ]
    assert sent == [0, 1, 0, 1, 0]
    assert {m.to[0] for m in mail.outbox} == {world.people[Role.COUNCIL_SPONSOR].email}


def test_no_reminder_for_a_request_the_council_has_answered(world, submitted):
    assert services.send_document_request_reminders(today=submitted.due + timedelta(days=1)) == 0


def test_no_reminder_once_the_review_is_called_off(world):
    item = ask(world)
    Review.objects.filter(pk=world.review.pk).update(called_off_at=timezone.now())
    assert services.send_document_request_reminders(today=item.due) == 0


def test_when_the_owner_leaves_the_review_every_council_contact_is_reminded(world):
    item = ask(world)
    Membership.objects.filter(review=world.review, user=world.people[Role.COUNCIL_SPONSOR]).delete()
    mail.outbox.clear()
    services.send_document_request_reminders(today=item.due)
    assert [m.to for m in mail.outbox] == [[world.people[Role.COUNCIL_ORGANISER].email]]


def test_a_crash_half_way_resends_only_the_reminder_that_was_not_sent(world, monkeypatch):
    first, second = ask(world, "Referral data"), ask(world, "Annual report")
    mail.outbox.clear()
    real_send, calls = reminders.send_mail, []

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise ConnectionError("SMTP went away")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", flaky)
    with pytest.raises(ConnectionError):
        services.send_document_request_reminders(today=first.due)
    assert DocumentRequestReminder.objects.count() == 1  # the failed one was not recorded
    assert services.send_document_request_reminders(today=second.due) == 1
    assert len(mail.outbox) == 2


@pytest.mark.real_worker
def test_a_real_worker_sends_each_reminder_once(real_celery_worker, shipped_data, settings):
    settings.DOCUMENT_REQUEST_REMINDER_DAYS = 3
    world = build_world()
    item = ask(world, days=20)
    mail.outbox.clear()
    sent = []
    for days in (-10, -3, -1, 1, 2):
        with time_machine.travel(item.due + timedelta(days=days)):
            sent.append(send_document_request_reminders.apply_async(ignore_result=False).get(timeout=30))
    assert sent == [0, 1, 0, 1, 0]
    assert sorted(DocumentRequestReminder.objects.values_list("kind", flat=True)) == ["due_soon", "overdue"]
    reminders = [m for m in mail.outbox if "a document for the" in m.subject]
    assert [m.to for m in reminders] == [[world.people[Role.COUNCIL_SPONSOR].email]] * 2


# The old checklist


def test_checklist_items_become_requests_due_with_the_plan_owned_by_the_sponsor(world):
    migration = import_module("reviews.migrations.0016_document_requests")
    answered = ask(world, "Answered", owner=Role.COUNCIL_ORGANISER)
    ask(world, "Waiting")
    Document.objects.create(review=world.review, title="Referrals", request=answered)
    DocumentRequest.objects.update(owner=None, due=TODAY())
    migration.checklist_items_become_requests(apps, None)
    documents_due = world.review.milestones.get(kind="documents_due").due
    sponsor = world.people[Role.COUNCIL_SPONSOR]
    assert list(DocumentRequest.objects.order_by("title").values_list("title", "due", "owner", "status")) == [
        ("Answered", documents_due, sponsor.pk, "submitted"),
        ("Waiting", documents_due, sponsor.pk, "requested"),
    ]
