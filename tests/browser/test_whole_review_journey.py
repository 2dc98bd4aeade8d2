"""One review from start to finish in Chromium, each step signed in as the person who does it.

Only the accounts of the review manager and the peer pool are made beforehand; everything else
happens through the pages, with emails and the letter's PDF handled by a real Celery worker.
"""

import re
import shutil
import time
from contextlib import ExitStack, contextmanager
from datetime import date, timedelta

import pytest
from django.core import mail
from playwright.sync_api import expect

from casework.checks import day_label
from teams.models import PeerRole
from tests.browser.helpers import click_and_check, fill_date, sign_in, upload_two_documents
from tests.factories import PASSWORD, PeerProfileFactory, UserFactory

from .conftest import ARTIFACTS, _make_page

pytestmark = [pytest.mark.browser, pytest.mark.real_worker]

COUNCIL = "Kestrel Vale Council"
LEADER, OFFICER, ANALYST = "Dana Whitfield", "Omar Haddad", "Nia Okafor"
RECOMMENDATION = "Involve schools in every child protection strategy discussion."


@pytest.fixture
def open_page(browser, request):
    """A desktop browser of its own for each further person, checked like the `page` fixture."""
    with ExitStack() as stack:
        yield lambda: stack.enter_context(
            contextmanager(_make_page)(browser, request, viewport={"width": 1280, "height": 900})
        )


@pytest.fixture
def step(request, tmp_path):
    """`step(page, name)` screenshots a finished step; kept in test-artifacts/<test>/ if the test fails."""
    folder = tmp_path / "steps"
    folder.mkdir()

    def shoot(page, name):
        page.screenshot(
            path=str(folder / f"{len(list(folder.iterdir())) + 1:02d}-{name}.png"), full_page=True
        )

    yield shoot
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        shutil.copytree(folder, ARTIFACTS / request.node.name, dirs_exist_ok=True)


def emailed_link(to, pattern):
    """The link in the newest email to `to`, waiting for the worker to send it."""
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for message in reversed(mail.outbox):
            if to in message.to and (found := re.search(pattern, message.body)):
                return found.group(0)
        time.sleep(0.1)
    raise AssertionError(f"No email to {to} with {pattern} within 20 seconds")


def long_date(day):
    """A date as the pages show it: 15 March 2027."""
    return f"{day.day} {day:%B %Y}"


def join_with_new_account(page, live_server, email, name):
    page.visit(live_server.url + emailed_link(email, r"/invitations/\S+/"))
    expect(page.get_by_role("heading", name=re.compile("Join the review"))).to_be_visible()
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    click_and_check(page, page.get_by_role("button", name="Create account and join review"))
    expect(page.get_by_role("heading", name=COUNCIL)).to_be_visible()


def accept_place(page, live_server, email, role):
    page.visit(live_server.url + emailed_link(email, r"/team-invitations/\S+/"))
    page.get_by_label("Yes, I can take part").check()
    page.get_by_label("I have no conflict of interest").check()
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    click_and_check(page, page.get_by_role("button", name="Send answer"))
    expect(page.get_by_text(f"You are on the team as {role}")).to_be_visible()


def invite_from_pool(page, place, name):
    click_and_check(page, page.get_by_role("link", name=f"Find a peer for the {place} place").first)
    click_and_check(page, page.get_by_role("link", name=f"Invite {name}"))
    click_and_check(page, page.get_by_role("button", name="Send invitation"))
    expect(page.get_by_text(f"Invitation sent to {name}")).to_be_visible()


def mark_done(page, review_url, *milestones):
    page.visit(f"{review_url}plan/")
    for milestone in milestones:
        row = page.get_by_role("row").filter(has=page.get_by_role("cell", name=milestone, exact=True))
        click_and_check(page, row.get_by_role("button", name=re.compile("^Mark as done")))
        expect(page.get_by_text(f"“{milestone}” marked as done.")).to_be_visible()


def move_stage(page, review_url, stage):
    page.visit(f"{review_url}stage/")
    expect(page.get_by_text("Before it can move")).to_have_count(0)
    page.get_by_label(f"Forward to “{stage}”").check()
    click_and_check(page, page.get_by_role("button", name="Move review"))
    expect(page.get_by_text("Stage changed.")).to_be_visible()
    expect(page.locator(".govuk-caption-l")).to_contain_text(f"· {stage}")


def write_note(page, review_url, day, text, kind):
    page.visit(f"{review_url}timetable/my-day/?day={day.isoformat()}")
    expect(page.get_by_role("heading", name="10:00–11:00 Interview: Head of Early Help")).to_be_visible()
    click_and_check(page, page.get_by_role("button", name="Write a note on Interview: Head of Early Help"))
    page.get_by_label("Note", exact=True).fill(text)
    page.get_by_label("Kind of point").select_option(label=kind)
    expect(page.locator("#note-status")).to_contain_text("Saved at")
    click_and_check(page, page.get_by_role("button", name="Save note"))
    expect(page.get_by_text("Note saved.")).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()


def agree_finding_from_note(page, review_url, note, kind, text, evidence="Evidence: 1 note from 1 session"):
    page.visit(f"{review_url}evidence-board/")
    for one in [note] if isinstance(note, str) else note:
        page.locator(".govuk-summary-card", has_text=one).get_by_role("checkbox").check()
    click_and_check(page, page.get_by_role("button", name="Draft a finding from the ticked notes"))
    page.get_by_label("Theme").select_option(label="3. Working together")
    page.get_by_label(kind, exact=True).check()
    page.get_by_label("Finding").fill(text)
    if kind == "Recommendation":
        page.get_by_label("High").check()
    click_and_check(page, page.get_by_role("button", name="Save finding"))
    card = page.locator(".govuk-summary-card", has_text=text)
    expect(card).to_contain_text(evidence)
    click_and_check(page, card.get_by_role("button", name=re.compile("^Mark as agreed")))
    expect(card.get_by_text("Agreed", exact=True)).to_be_visible()


def test_one_review_from_scoping_to_follow_up(
    page, second_page, phone_page, open_page, step, live_server, shipped_data, real_celery_worker, tmp_path
):
    UserFactory(email="review_manager@example.org", full_name="Rhiannon Price", is_review_manager=True)
    for name, email, role in [
        (LEADER, "dana@example.org", PeerRole.TEAM_LEADER),
        (OFFICER, "omar@example.org", PeerRole.OFFICER_PEER),
        (ANALYST, "nia@example.org", PeerRole.ANALYST_PEER),
    ]:
        PeerProfileFactory(full_name=name, email=email, roles=[role])
    manager, sponsor, organiser, peer = page, second_page, open_page(), phone_page
    start = date.today() + timedelta(weeks=14)
    start -= timedelta(days=start.weekday())  # a Monday

    # 1. The manager adds the council, creates the review, invites the council's contacts and sends the scope.
    sign_in(manager, live_server, "review_manager@example.org")
    click_and_check(manager, manager.get_by_role("link", name="Councils"))
    click_and_check(manager, manager.get_by_role("button", name="Add a council"))
    manager.get_by_label("Name of the council").fill(COUNCIL)
    manager.get_by_label("Unitary authority").check()
    manager.get_by_label("Region").select_option(label="North West")
    click_and_check(manager, manager.get_by_role("button", name="Save council"))
    expect(manager.get_by_role("heading", name=COUNCIL)).to_be_visible()
    click_and_check(manager, manager.get_by_role("link", name="Reviews", exact=True))
    click_and_check(manager, manager.get_by_role("button", name="Create a review"))
    manager.get_by_label("Council", exact=True).select_option(label=COUNCIL)
    manager.get_by_label("Full review across the five themes").check()
    manager.get_by_label("Purpose of the review").fill(
        "To understand how well early help keeps children safe."
    )
    manager.get_by_label("Early help", exact=True).check()
    fill_date(manager, "First on-site day", start)
    fill_date(manager, "Feedback workshop", start + timedelta(days=4))
    click_and_check(manager, manager.get_by_role("button", name="Create review"))
    expect(manager.get_by_text(f"Review of {COUNCIL} created.")).to_be_visible()
    review_url = re.match(r".*/reviews/\d+/", manager.url).group(0)
    click_and_check(manager, manager.get_by_role("button", name="Save lines of enquiry"))
    click_and_check(manager, manager.get_by_role("button", name="Send the scope to the council"))
    expect(manager.get_by_text("Waiting for the council")).to_be_visible()
    click_and_check(manager, manager.get_by_role("link", name="Overview", exact=True))
    for email, role in [
        ("sponsor@example.org", "Council sponsor"),
        ("organiser@example.org", "Council organiser"),
    ]:
        click_and_check(manager, manager.get_by_role("button", name="Invite someone"))
        manager.get_by_label("Email address").fill(email)
        manager.get_by_label(role).check()
        click_and_check(manager, manager.get_by_role("button", name="Send invitation"))
        expect(manager.get_by_text(f"Invitation sent to {email}")).to_be_visible()
    step(manager, "scope-sent")

    # 2. The sponsor and the organiser join from their emails; the sponsor agrees the scope.
    join_with_new_account(organiser, live_server, "organiser@example.org", "Olu Organiser")
    join_with_new_account(sponsor, live_server, "sponsor@example.org", "Sam Sponsor")
    click_and_check(sponsor, sponsor.get_by_role("link", name="Read the scope and reply"))
    expect(sponsor.get_by_text("To understand how well early help keeps children safe.")).to_be_visible()
    sponsor.get_by_label("Yes, we agree the scope").check()
    click_and_check(sponsor, sponsor.get_by_role("button", name="Send reply"))
    expect(sponsor.get_by_text("Agreed by the council").first).to_be_visible()
    step(sponsor, "scope-agreed")

    # 3. The manager builds the team from the pool; the peers accept; the sponsor agrees the team.
    move_stage(manager, review_url, "Team")
    click_and_check(manager, manager.get_by_role("link", name="Team", exact=True))
    invite_from_pool(manager, "Team leader", LEADER)
    invite_from_pool(manager, "Officer peer", OFFICER)
    invite_from_pool(manager, "Analyst peer", ANALYST)
    for place in ["Member peer", "Officer peer", "Health peer"]:
        click_and_check(manager, manager.get_by_role("link", name=f"Mark TBC for the {place} place"))
        manager.get_by_label("Note").fill(f"TBC: a {place.lower()} is checking their diary")
        click_and_check(manager, manager.get_by_role("button", name="Save note"))
    leader, analyst = open_page(), open_page()
    accept_place(leader, live_server, "dana@example.org", "team leader")
    accept_place(peer, live_server, "omar@example.org", "officer peer")
    accept_place(analyst, live_server, "nia@example.org", "analyst peer")
    manager.visit(f"{review_url}team/")
    for name in [LEADER, OFFICER, ANALYST]:
        expect(manager.get_by_role("link", name=name)).to_be_visible()
    click_and_check(manager, manager.get_by_role("button", name="Send the team to the council"))
    expect(manager.get_by_text("Proposed to the council")).to_be_visible()
    sponsor.visit(f"{review_url}team/")
    sponsor.get_by_label("Yes, we agree the team").check()
    click_and_check(sponsor, sponsor.get_by_role("button", name="Send reply"))
    expect(sponsor.get_by_text("Agreed by the council").first).to_be_visible()
    step(sponsor, "team-agreed")

    # 4. An inspection is announced for the on-site week: the manager postpones it by a week,
    #    and the rest of the review runs on the new dates.
    manager.visit(review_url)
    click_and_check(manager, manager.get_by_role("link", name="Postpone the review"))
    start += timedelta(weeks=1)
    fill_date(manager, "New first on-site day", start)
    manager.get_by_label("Why is the review postponed?").fill("Ofsted announced an inspection for that week.")
    click_and_check(manager, manager.get_by_role("button", name="Postpone the review"))
    expect(manager.get_by_text("Review postponed.")).to_be_visible()
    on_site = manager.get_by_role("definition").filter(has_text=f"{start:%A} {long_date(start)} to")
    expect(on_site).to_be_visible()
    expect(
        manager.get_by_text(f"moved from {long_date(start - timedelta(weeks=1))} to {long_date(start)}")
    ).to_be_visible()
    manager.visit(f"{review_url}plan/")
    workshop = manager.get_by_role("row").filter(
        has=manager.get_by_role("cell", name="Feedback workshop", exact=True)
    )
    expect(workshop).to_contain_text(long_date(start + timedelta(days=4)))
    emailed_link("dana@example.org", rf"now runs from {start:%A} {long_date(start)}")
    step(manager, "review-postponed")
    move_stage(manager, review_url, "Preparation")

    # 5. The organiser uploads documents and submits the self-evaluation.
    upload_two_documents(organiser, f"{review_url}library/", tmp_path)
    click_and_check(organiser, organiser.get_by_role("link", name="Self-evaluation"))
    for theme in organiser.locator("legend h3").all_inner_texts():
        group = organiser.get_by_role("group", name=theme, exact=True)
        group.get_by_label("Good").check()
        group.get_by_label("Strengths").fill("A committed workforce.")
        group.get_by_label("Areas for development").fill("Schools' part in early help.")
    click_and_check(organiser, organiser.get_by_role("button", name="Submit to the review team"))
    expect(organiser.get_by_text("Submitted to the review team. Thank you.")).to_be_visible()
    step(organiser, "evidence-submitted")

    # 6. The analyst reads the library and records a hypothesis.
    analyst.visit(f"{review_url}library/")
    expect(analyst.get_by_role("link", name="Referral data", exact=True)).to_be_visible()
    click_and_check(analyst, analyst.get_by_role("link", name="Self-evaluation"))
    expect(analyst.get_by_text("Schools' part in early help.").first).to_be_visible()
    click_and_check(analyst, analyst.get_by_role("link", name="Early findings and hypotheses"))
    click_and_check(analyst, analyst.get_by_role("button", name="Record a hypothesis"))
    analyst.get_by_label("Theme").select_option(label="3. Working together")
    analyst.get_by_label("Hypothesis to test on site").fill("Schools are rarely involved in early help.")
    analyst.get_by_label("Open").check()
    analyst.get_by_label("Early help strategy").check()
    click_and_check(analyst, analyst.get_by_role("button", name="Save hypothesis"))
    expect(analyst.get_by_text("Schools are rarely involved in early help.")).to_be_visible()
    step(analyst, "hypothesis-recorded")

    # 7. The organiser adds the venue; the manager adds a session with two peers and publishes the week.
    organiser.visit(f"{review_url}venues/new/")
    organiser.get_by_label("Name").fill("Civic Centre")
    click_and_check(organiser, organiser.get_by_role("button", name="Save venue"))
    expect(organiser.get_by_role("heading", name="Civic Centre")).to_be_visible()
    manager.visit(f"{review_url}timetable/sessions/new/")
    manager.get_by_label("Type").select_option(label="Interview")
    manager.get_by_label("Title").fill("Head of Early Help")
    manager.get_by_label(day_label(start)).check()
    manager.get_by_label("Start time").fill("10:00")
    manager.get_by_label("End time").fill("11:00")
    manager.get_by_label("Venue").select_option(label="Civic Centre")
    manager.get_by_label(OFFICER).check()
    manager.get_by_label(LEADER).check()
    manager.get_by_label("3. Working together").check()
    click_and_check(manager, manager.get_by_role("button", name="Save session"))
    manager.visit(f"{review_url}timetable/publish/")
    manager.get_by_label("I have read the warnings and want to publish anyway").check()
    click_and_check(manager, manager.get_by_role("button", name="Publish the timetable"))
    expect(manager.get_by_text("Timetable published.")).to_be_visible()
    step(manager, "timetable-published")
    mark_done(manager, review_url, "Documents and data due", "Self-evaluation due")
    move_stage(manager, review_url, "On site")

    # 8. The officer peer writes notes of the interview on a phone; the council never sees them.
    strength = "Every agency understands the early help thresholds."
    gap = "Schools are rarely invited to strategy discussions."
    write_note(peer, review_url, start, strength, "Strength")
    write_note(peer, review_url, start, gap, "Area for development")
    step(peer, "notes-written")
    # The team leader, in the same interview, heard the same gap: a recommendation on two peers' notes.
    heard_too = "Head teachers hear of strategy discussions only afterwards."
    write_note(leader, review_url, start, heard_too, "Area for development")
    organiser.visit(f"{review_url}notes/")
    expect(organiser.get_by_role("heading", name="Page not found")).to_be_visible()

    # 9. The team leader turns the notes into findings and the team agrees them.
    agree_finding_from_note(
        leader, review_url, strength, "Strength", "Thresholds are shared by all partners."
    )
    agree_finding_from_note(
        leader,
        review_url,
        [gap, heard_too],
        "Recommendation",
        RECOMMENDATION,
        "Evidence: 2 notes from 1 session",
    )
    step(leader, "findings-agreed")
    mark_done(manager, review_url, "Feedback workshop")
    move_stage(manager, review_url, "Letter")

    # 10. The leader drafts the letter; the worker makes the PDF; the letter's checks stop it going to the
    #     council until its errors are fixed, its warning acknowledged and the version approved.
    leader.visit(f"{review_url}letter/")
    click_and_check(leader, leader.get_by_role("button", name="Draft the letter"))
    expect(leader.get_by_text(f"Recommendation: {RECOMMENDATION}")).to_be_visible()
    click_and_check(leader, leader.get_by_role("button", name="Make PDF"))
    expect(leader.locator("#letter-renders")).to_contain_text("Ready", timeout=30_000)
    leader.check()
    click_and_check(leader, leader.get_by_role("button", name="Send to the council for checking"))
    expect(leader.get_by_text("to fix before sending it to the council")).to_be_visible()
    expect(leader.locator("#letter-checks")).to_contain_text("is in the review's scope but has no finding")
    step(leader, "letter-send-blocked")
    # The fix: each theme without a finding says why.
    explain = leader.get_by_role("link", name=re.compile("^Explain “"))
    while explain.count():
        click_and_check(leader, explain.first)
        leader.get_by_label("Text").fill(
            "We did not look at this theme in depth: the council asked us to focus on early help."
        )
        click_and_check(leader, leader.get_by_role("button", name="Save section"))
    expect(leader.locator("#letter-checks")).not_to_contain_text("Error")
    # The warning left (agencies no finding heard from) is acknowledged with a reason.
    reason = (
        "The visit heard health and the police in sessions that led to no finding; the council knows why."
    )
    click_and_check(leader, leader.get_by_role("link", name=re.compile("^acknowledge it")).first)
    leader.get_by_label("Why can the letter go ahead with this warning?").fill(reason)
    click_and_check(leader, leader.get_by_role("button", name="Acknowledge the warning"))
    expect(leader.get_by_text("Warning acknowledged.")).to_be_visible()
    click_and_check(leader, leader.get_by_role("button", name="Make PDF"))
    expect(leader.locator("#letter-renders tbody tr").first).to_contain_text("Ready", timeout=30_000)
    click_and_check(leader, leader.get_by_role("button", name="Submit for sign-off (version 2)"))
    expect(leader.get_by_text("Version 2 is submitted for sign-off.")).to_be_visible()
    step(leader, "letter-submitted-for-sign-off")

    # The review manager, the quality assurer by default, reads the letter, its checks and the reason, and approves.
    manager.visit(f"{review_url}letter/")
    click_and_check(manager, manager.get_by_role("link", name="Read it and decide"))
    expect(manager.get_by_text(reason).first).to_be_visible()
    click_and_check(manager, manager.get_by_role("button", name="Approve version 2"))
    expect(manager.get_by_text("You approved version 2.")).to_be_visible()
    step(manager, "letter-approved")

    leader.visit(f"{review_url}letter/")
    click_and_check(leader, leader.get_by_role("button", name="Send to the council for checking (version 2)"))
    expect(leader.get_by_text("sent to the council sponsor")).to_be_visible()
    step(leader, "letter-sent-for-checking")

    # The sponsor is emailed, on their own, that the draft waits for their check, and follows the link.
    letter_link = emailed_link("sponsor@example.org", r"/reviews/\d+/letter/")
    (check_email,) = [m for m in mail.outbox if "ready for your factual check" in m.body]
    assert check_email.to == ["sponsor@example.org"]
    sponsor.visit(live_server.url + letter_link)
    pdf = sponsor.request.get(
        live_server.url + sponsor.get_by_role("link", name="Open the PDF of version 2").get_attribute("href")
    )
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")
    click_and_check(sponsor, sponsor.get_by_role("link", name="Comment on this version"))
    sponsor.get_by_label("Comment").fill(
        "Checked: the facts are right, but our early help hub opened in 2025."
    )
    click_and_check(sponsor, sponsor.get_by_role("button", name="Send comment"))
    expect(sponsor.get_by_text("our early help hub opened in 2025")).to_be_visible()
    step(sponsor, "letter-checked")

    manager.visit(f"{review_url}letter/")
    manager.get_by_label("The team's response").fill("Corrected in the final letter.")
    click_and_check(manager, manager.get_by_role("button", name="Save response"))
    # The final letter, the council's comment answered, is signed off before it is issued.
    leader.visit(f"{review_url}letter/")
    click_and_check(leader, leader.get_by_role("button", name="Submit the final letter for sign-off"))
    manager.visit(f"{review_url}letter/")
    click_and_check(manager, manager.get_by_role("link", name="Read it and decide"))
    click_and_check(manager, manager.get_by_role("button", name="Approve the final letter"))
    click_and_check(manager, manager.get_by_role("button", name="Issue the letter"))
    click_and_check(manager, manager.get_by_role("button", name="Issue the letter"))
    issued = manager.locator("#letter-renders tbody tr").first
    expect(issued).to_contain_text("(issued)")
    expect(issued).to_contain_text("Ready", timeout=30_000)
    manager.check()
    expect(manager.locator(".govuk-caption-l")).to_contain_text("Follow-up")
    step(manager, "letter-issued")

    # 11. The organiser plans the action for the recommendation, records progress and the 3-month check-in.
    organiser.visit(f"{review_url}follow-up/")
    expect(organiser.get_by_text(RECOMMENDATION).first).to_be_visible()
    click_and_check(organiser, organiser.get_by_role("link", name="Change action 1"))
    organiser.get_by_label("Owner's name").fill("Head of Education Safeguarding")
    fill_date(organiser, "Target date", date.today() + timedelta(days=180))
    click_and_check(organiser, organiser.get_by_role("button", name="Save action"))
    click_and_check(organiser, organiser.get_by_role("link", name="Record progress on action 1"))
    organiser.get_by_label("Amber: at risk").check()
    organiser.get_by_label("What has happened").fill("Schools invited; attendance still patchy.")
    click_and_check(organiser, organiser.get_by_role("button", name="Save update"))
    expect(organiser.get_by_text("Schools invited; attendance still patchy.")).to_be_visible()
    click_and_check(organiser, organiser.get_by_role("link", name="3-month check-in"))
    organiser.get_by_label("On track").check()
    organiser.get_by_label("What has changed since the letter").fill("The action has an owner and a date.")
    click_and_check(organiser, organiser.get_by_role("button", name="Submit the check-in"))
    expect(organiser.get_by_text("Check-in submitted.")).to_be_visible()
    step(organiser, "check-in-submitted")

    # 12. The officer peer follows the council's progress.
    peer.visit(f"{review_url}follow-up/")
    expect(peer.get_by_text("Amber: at risk", exact=True)).to_be_visible()
    expect(peer.get_by_text("Schools invited; attendance still patchy.")).to_be_visible()
    click_and_check(peer, peer.get_by_role("link", name="3-month check-in"))
    expect(peer.get_by_text("The action has an owner and a date.")).to_be_visible()
    step(peer, "progress-seen")
