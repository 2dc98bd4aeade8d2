"""After the letter: the council's action plan, check-ins and reminders, evaluation, the programme view."""

from datetime import date, timedelta
from importlib import import_module

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from casework.models import Action, CheckIn, Finding, Letter, ProgressUpdate, ReminderSent
from casework.services import followup as followup_service
from casework.services import notes as notes_service
from casework.tasks import send_followup_reminders
from peerreview import reminders
from reviews import services as review_services
from reviews.models import Review, Role
from tests import files
from tests.factories import AuthorityFactory, MembershipFactory, UserFactory

ISSUED = date(2027, 6, 15)


@pytest.fixture
def issued(world):
    """A review whose letter was issued on ISSUED, with two agreed recommendations."""
    w = world
    leader = w.people[Role.TEAM_LEADER]
    for text in ["Involve schools in strategy discussions.", "Record the child's voice in every plan."]:
        finding = notes_service.save_finding(
            w.review, Finding(review=w.review), fields={"kind": "recommendation", "text": text, "priority": "high"},
            notes=[], by=leader,
        )  # fmt: skip
        notes_service.set_agreed(finding, agreed=True, by=leader)
    Review.objects.filter(pk=w.review.pk).update(stage=Review.Stage.FOLLOW_UP)
    w.review.refresh_from_db()
    Letter.objects.create(review=w.review, status="issued", issued_at=f"{ISSUED}T12:00:00Z")
    followup_service.start_followup(w.review, ISSUED)
    w.organiser = w.people[Role.COUNCIL_ORGANISER]
    return w


def test_each_recommendation_becomes_an_action_and_check_ins_are_planned(issued):
    assert list(issued.review.actions.values_list("title", flat=True)) == [
        "Involve schools in strategy discussions.",
        "Record the child's voice in every plan.",
    ]
    assert [(c.months, c.due) for c in issued.review.checkins.all()] == [
        (3, date(2027, 9, 15)), (6, date(2027, 12, 15)), (12, date(2028, 6, 15)),
    ]  # fmt: skip


def test_the_organiser_sets_owner_and_date_splits_and_merges(client, issued):
    client.force_login(issued.organiser)
    action = issued.review.actions.first()
    recs = list(Finding.objects.filter(kind="recommendation").values_list("pk", flat=True))
    url = reverse("casework:action-edit", args=[issued.review.pk, action.pk])
    too_early = client.post(url, {"recommendations": [recs[0]], "title": "Invite schools", "owner_name": "Head of Service",
                                  "target_date_0": "1", "target_date_1": "1", "target_date_2": "2027"})  # fmt: skip
    assert "The target date must be after the letter was issued" in too_early.content.decode()
    client.post(url, {"recommendations": recs, "title": "Invite schools and record voice", "owner_name": "Head of Service",
                      "target_date_0": "1", "target_date_1": "3", "target_date_2": "2028"})  # fmt: skip
    action.refresh_from_db()
    assert action.recommendations.count() == 2  # merged
    client.post(
        reverse("casework:action-create", args=[issued.review.pk]),
        {"recommendations": [recs[0]], "title": "Train school leads"},
    )
    assert (
        Action.objects.filter(recommendations=recs[0]).count() == 2
    )  # the merged action, and a second one for it


def test_a_new_action_is_not_yet_updated(client, issued):
    client.force_login(issued.organiser)
    page = client.get(reverse("casework:followup", args=[issued.review.pk])).content.decode()
    assert page.count("Not yet updated") == 2
    assert "on track" not in page


def test_a_progress_update_cannot_set_an_action_back_to_not_yet_updated(client, issued):
    client.force_login(issued.organiser)
    action = issued.review.actions.first()
    url = reverse("casework:progress-create", args=[issued.review.pk, action.pk])
    response = client.post(url, {"status": "not_updated", "text": "Nothing to say."})
    assert response.context["form"].errors["status"]
    assert not action.updates.exists()


def test_progress_needs_something_new_and_takes_checked_evidence(client, issued):
    client.force_login(issued.organiser)
    action = issued.review.actions.first()
    followup_service.add_progress(action, text="Started.", status="green", by=issued.organiser)
    url = reverse("casework:progress-create", args=[issued.review.pk, action.pk])
    nothing = client.post(url, {"status": "green", "text": ""})
    assert "Write what has happened, or change the status" in nothing.content.decode()
    exe = client.post(
        url,
        {
            "status": "amber",
            "text": "Slow start.",
            "evidence": SimpleUploadedFile("plan.pdf", b"MZ\x90\x00binary"),
        },
    )
    assert "is not a type we accept" in exe.content.decode()
    action.refresh_from_db()
    assert action.status == "green"
    assert action.updates.count() == 1
    client.post(
        url,
        {
            "status": "amber",
            "text": "Slow start.",
            "evidence": SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 x"),
        },
    )
    action.refresh_from_db()
    assert action.status == "amber"
    assert action.updates.first().evidence_name == "minutes.pdf"


def _post_evidence(client, issued, name, content):
    client.force_login(issued.organiser)
    action = issued.review.actions.first()
    url = reverse("casework:progress-create", args=[issued.review.pk, action.pk])
    return client.post(url, {"status": "amber", "text": "", "evidence": SimpleUploadedFile(name, content)})


def test_progress_evidence_downloads_under_the_type_its_content_shows(client, issued):
    _post_evidence(client, issued, "progress.html", files.PDF_HTML_POLYGLOT)
    update = ProgressUpdate.objects.get()
    client.force_login(issued.people[Role.PEER])
    response = client.get(reverse("casework:progress-evidence", args=[issued.review.pk, update.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="progress.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "tracker.vbs",
            b'CreateObject("WScript.Shell").Run "calc"\r\n',
            "text is accepted only as a .txt or .csv",
        ),
        ("tracker.docm", files.docm(), "contains macros"),
    ],
)
def test_active_evidence_is_refused_next_to_the_file_field(client, issued, name, content, message):
    response = _post_evidence(client, issued, name, content)
    assert response.status_code == 200  # the form again, not a redirect to the saved update
    assert message in " ".join(response.context["form"].errors["evidence"])
    assert not ProgressUpdate.objects.exists()


def test_evidence_saved_before_types_were_recorded_downloads_under_its_detected_type(client, issued):
    """Rows saved before the change: the migration reads each stored file once to type and rename it."""
    decide_types = import_module("casework.migrations.0007_progressupdate_evidence_content_type").decide_types
    update = followup_service.add_progress(
        issued.review.actions.first(), text="Minutes", status="amber", by=issued.organiser,
        evidence=SimpleUploadedFile("minutes.pdf", files.PDF),
    )  # fmt: skip
    ProgressUpdate.objects.filter(pk=update.pk).update(evidence_name="minutes.html", evidence_content_type="")
    decide_types(apps, None)
    client.force_login(issued.people[Role.PEER])
    response = client.get(reverse("casework:progress-evidence", args=[issued.review.pk, update.pk]))
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf", 'attachment; filename="minutes.pdf"'
    )  # fmt: skip


def test_a_check_in_is_submitted_once_and_peers_are_told(client, issued, django_capture_on_commit_callbacks):
    client.force_login(issued.organiser)
    checkin = issued.review.checkins.get(months=3)
    url = reverse("casework:checkin", args=[issued.review.pk, checkin.pk])
    data = {
        "overall": "on_track",
        "what_changed": "Schools now attend.",
        "what_is_stuck": "",
        "support_wanted": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, data)
    again = client.post(url, data, follow=True)
    assert "already been submitted" in again.content.decode()
    checkin.refresh_from_db()
    assert checkin.is_submitted
    told = [m for m in mail.outbox if "3-month check-in is in" in m.subject]
    assert ["peer@example.org"] in [m.to for m in told]
    client.force_login(issued.people[Role.PEER])
    assert "Schools now attend." in client.get(url).content.decode()
    assert (
        "Record progress"
        not in client.get(reverse("casework:followup", args=[issued.review.pk])).content.decode()
    )


def test_each_of_the_team_gets_their_own_check_in_email_with_no_other_address(
    issued, django_capture_on_commit_callbacks
):
    checkin = issued.review.checkins.get(months=3)
    with django_capture_on_commit_callbacks(execute=True):
        followup_service.submit_checkin(checkin, by=issued.organiser, overall="on_track")
    team = [Role.REVIEW_MANAGER, Role.TEAM_LEADER, Role.PEER, Role.ANALYST_PEER]
    assert sorted(m.to for m in mail.outbox) == sorted([[issued.people[role].email] for role in team])
    assert all(m.cc == [] and m.bcc == [] for m in mail.outbox)


def reminders_on(day):
    with time_machine.travel(day):
        return followup_service.send_followup_reminders()


def test_reminders_go_a_week_before_and_when_overdue_once_each(issued):
    council = {issued.people[Role.COUNCIL_SPONSOR].email, issued.organiser.email}
    three = date(2027, 9, 15)
    assert reminders_on(three - timedelta(days=8)) == 0
    assert reminders_on(three - timedelta(days=7)) == 2
    assert reminders_on(three - timedelta(days=6)) == 0
    assert reminders_on(three + timedelta(days=1)) == 2
    assert reminders_on(three + timedelta(days=2)) == 0
    assert {m.to[0] for m in mail.outbox} == council
    assert [m.subject.split(":")[0] for m in mail.outbox] == ["Due next week"] * 2 + ["Overdue"] * 2


def test_no_reminders_for_closed_reviews_and_the_command_does_the_same_work(issued, capsys):
    Review.objects.filter(pk=issued.review.pk).update(stage=Review.Stage.CLOSED)
    with time_machine.travel(date(2027, 9, 20)):
        call_command("send_followup_reminders")
    assert "0 reminder(s) sent." in capsys.readouterr().out
    Review.objects.filter(pk=issued.review.pk).update(stage=Review.Stage.FOLLOW_UP)
    with time_machine.travel(date(2027, 9, 20)):
        call_command("send_followup_reminders")
        call_command("send_followup_reminders")
    assert ReminderSent.objects.count() == 2


def test_a_crash_half_way_resends_only_what_was_not_sent(issued, monkeypatch):
    calls = {"n": 0}
    real_send = reminders.send_mail

    def flaky(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise ConnectionError("SMTP went away")
        return real_send(*args, **kwargs)

    monkeypatch.setattr(reminders, "send_mail", flaky)
    with time_machine.travel(date(2027, 9, 10)), pytest.raises(ConnectionError):
        followup_service.send_followup_reminders()
    assert ReminderSent.objects.count() == 1  # the failed one was not recorded
    with time_machine.travel(date(2027, 9, 10)):
        assert followup_service.send_followup_reminders() == 1
    assert len(mail.outbox) == 2


def test_evaluation_once_and_the_manager_sees_it(client, issued):
    client.force_login(issued.people[Role.PEER])
    data = {
        "clarity": 5,
        "expertise": 4,
        "timetable": 2,
        "catch_ups": 5,
        "letter": 4,
        "comments": "Too tight on day 2.",
    }
    client.post(reverse("casework:evaluation", args=[issued.review.pk]), data)
    again = client.post(reverse("casework:evaluation", args=[issued.review.pk]), data, follow=True)
    assert "already sent your evaluation" in again.content.decode()
    client.force_login(issued.people[Role.REVIEW_MANAGER])
    page = client.get(reverse("casework:followup", args=[issued.review.pk])).content.decode()
    assert "Too tight on day 2." in page


def test_closing_needs_the_last_check_in(client, issued):
    client.force_login(issued.people[Role.REVIEW_MANAGER])
    refused = client.post(reverse("casework:close", args=[issued.review.pk]), follow=True)
    assert "after its last check-in has been submitted" in refused.content.decode()
    CheckIn.objects.filter(review=issued.review).update(submitted_at="2028-06-20T10:00:00Z")
    client.post(reverse("casework:close", args=[issued.review.pk]))
    issued.review.refresh_from_db()
    assert issued.review.stage == Review.Stage.CLOSED
    client.force_login(issued.people[Role.PEER])
    assert client.get(reverse("casework:followup", args=[issued.review.pk])).status_code == 200


def test_the_programme_view_and_its_csv(client, issued, count_queries):
    client.force_login(issued.people[Role.REVIEW_MANAGER])
    url = reverse("casework:programme")
    page = client.get(url).content.decode()
    assert "Recommendations by theme" in page
    assert "0% of 2 actions are on track or done. 2 not yet updated." in page
    csv_text = client.get(url, {"format": "csv"}).content.decode()
    assert "actions,all,,2" in csv_text
    before = count_queries(lambda: client.get(url))
    for _ in range(10):
        review_services.create_review(authority=AuthorityFactory(), created_by=issued.people[Role.REVIEW_MANAGER],
                                      onsite_start=date(2027, 1, 4))  # fmt: skip
    assert count_queries(lambda: client.get(url)) == before <= 15


def test_the_programme_view_counts_only_reported_progress_as_on_track(client, issued):
    first, second = issued.review.actions.all()
    followup_service.add_progress(first, text="Plan agreed.", status="green", by=issued.organiser)
    client.force_login(issued.people[Role.REVIEW_MANAGER])
    url = reverse("casework:programme")
    assert "50% of 2 actions are on track or done. 1 not yet updated." in client.get(url).content.decode()
    assert "actions,not yet updated,,1" in client.get(url, {"format": "csv"}).content.decode()


def test_actions_saved_as_on_track_with_no_update_become_not_yet_updated(issued):
    """Rows saved before the change started green; the migration says what they are."""
    not_yet_updated = import_module("casework.migrations.0010_actions_start_not_yet_updated").not_yet_updated
    reported, silent = issued.review.actions.all()
    followup_service.add_progress(reported, text="Plan agreed.", status="green", by=issued.organiser)
    Action.objects.update(status="green")
    not_yet_updated(apps, None)
    assert dict(Action.objects.values_list("pk", "status")) == {
        reported.pk: "green",
        silent.pk: "not_updated",
    }


def test_add_months_keeps_to_the_end_of_short_months():
    assert followup_service.add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)


@pytest.mark.real_worker
def test_a_real_worker_sends_each_reminder_once_at_3_6_and_12_months(real_celery_worker, shipped_data):
    manager = UserFactory(is_review_manager=True)
    review = review_services.create_review(
        authority=AuthorityFactory(), created_by=manager, onsite_start=date(2027, 3, 1)
    )
    MembershipFactory(review=review, role=Role.COUNCIL_SPONSOR, user__email="dcs@example.org")
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.FOLLOW_UP)
    followup_service.start_followup(review, ISSUED)
    sent = []
    for months in (3, 6, 12):
        due = followup_service.add_months(ISSUED, months)
        for day in (
            due - timedelta(days=7),
            due - timedelta(days=3),
            due + timedelta(days=1),
            due + timedelta(days=2),
        ):
            with time_machine.travel(day):
                sent.append(send_followup_reminders.apply_async(ignore_result=False).get(timeout=30))
    assert sent == [1, 0, 1, 0] * 3
    kinds = sorted(ReminderSent.objects.values_list("checkin__months", "kind"))
    assert kinds == [
        (3, "due_soon"),
        (3, "overdue"),
        (6, "due_soon"),
        (6, "overdue"),
        (12, "due_soon"),
        (12, "overdue"),
    ]
    assert len([m for m in mail.outbox if m.to == ["dcs@example.org"]]) == 6
