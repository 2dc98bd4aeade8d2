"""Assembling a team in Chromium: import the pool, choose from suggestions, peers answer, the council agrees."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from reviews.models import Review, Role
from teams import services
from teams.models import PeerRole, SlotInvitation
from tests.browser.helpers import click_and_check, sign_in
from tests.factories import PASSWORD, AuthorityFactory

pytestmark = pytest.mark.browser

POOL = """email,full_name,job_title,organisation,organisation_type,home_authority,region,roles,expertise,trained_on,accreditation,notes
ada@example.org,Ada Mensah,Head of Service,Westhaven Council,Council children's services,,North West,Officer peer,Early help,14/03/2025,Accredited,
ben@example.org,Ben Novak,Service Manager,Westhaven Council,Council children's services,,North West,Officer peer,LSCB,01/06/2025,Accredited,
cal@example.org,Cal Pryce,Head of Safeguarding,Linford City Council,Council children's services,Linford City Council,North West,Officer peer,Early help,01/06/2025,Accredited,
"""


def test_manager_builds_the_team_and_the_sponsor_agrees_it(page, second_page, live_server, world, tmp_path):
    review = world.review
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.TEAM, focus_areas=["Early help"])
    services.ensure_standard_slots(review)
    review.authority.neighbours.add(AuthorityFactory(name="Linford City Council"))
    csv_file = tmp_path / "pool.csv"
    csv_file.write_text(POOL)

    # The manager imports the pool.
    sign_in(page, live_server, "review_manager@example.org")
    click_and_check(page, page.get_by_role("link", name="Peer pool"))
    click_and_check(page, page.get_by_role("button", name="Import from CSV"))
    page.get_by_label("CSV file of peers").set_input_files(str(csv_file))
    click_and_check(page, page.get_by_role("button", name="Check the file"))
    click_and_check(page, page.get_by_role("button", name="Import 3 peers"))
    expect(page.get_by_text("3 added, 0 updated")).to_be_visible()

    # ... opens the team page and the suggestions for an officer peer.
    page.visit(f"{live_server.url}/reviews/{review.pk}/team/")
    expect(page.get_by_text("The team has no health peer yet.")).to_be_visible()
    click_and_check(page, page.get_by_role("link", name="Find a peer for the Officer peer place").first)
    cards = page.locator(".govuk-summary-card")
    expect(cards.first).to_contain_text("Ada Mensah")
    expect(cards.first).to_contain_text("Expertise in the focus areas: Early help")
    conflicted = page.get_by_role("heading", name="With a conflict of interest")
    expect(conflicted).to_be_visible()
    expect(page.locator(".govuk-summary-card", has_text="Cal Pryce")).to_contain_text("a neighbour of")

    # ... invites Ada, then Ben to the second officer place.
    click_and_check(page, page.get_by_role("link", name="Invite Ada Mensah"))
    click_and_check(page, page.get_by_role("button", name="Send invitation"))
    click_and_check(page, page.get_by_role("link", name="Find a peer for the Officer peer place").first)
    click_and_check(page, page.get_by_role("link", name="Invite Ben Novak"))
    click_and_check(page, page.get_by_role("button", name="Send invitation"))
    links = {m.to[0]: re.search(r"/team-invitations/\S+/", m.body).group(0) for m in mail.outbox}

    # Ben declines; Ada accepts, creating her account, and sees the review.
    peer = second_page
    peer.visit(live_server.url + links["ben@example.org"])
    peer.get_by_label("No, I cannot take part").check()
    peer.get_by_label("Why can you not take part?").fill("I am on leave that week.")
    click_and_check(peer, peer.get_by_role("button", name="Send answer"))
    expect(peer.get_by_text("The review manager has your reply")).to_be_visible()

    peer.visit(live_server.url + links["ada@example.org"])
    peer.get_by_label("Yes, I can take part").check()
    peer.get_by_label("I have no conflict of interest").check()
    peer.get_by_label("Create a password").fill(PASSWORD)
    peer.get_by_label("Confirm password").fill(PASSWORD)
    click_and_check(peer, peer.get_by_role("button", name="Send answer"))
    expect(peer.get_by_text("You are on the team as officer peer")).to_be_visible()
    click_and_check(peer, peer.get_by_role("link", name="Your reviews", exact=True))
    expect(peer.get_by_role("link", name="Harrowmere Metropolitan Borough Council")).to_be_visible()

    # The manager marks a place TBC, the rest are settled meanwhile, and the team goes to the council.
    assert (
        SlotInvitation.objects.get(peer__email="ben@example.org").decline_reason == "I am on leave that week."
    )
    page.visit(f"{live_server.url}/reviews/{review.pk}/team/")
    click_and_check(page, page.get_by_role("link", name="Mark TBC for the Team leader place"))
    page.get_by_label("Note").fill("TBC: two directors are checking their diaries")
    click_and_check(page, page.get_by_role("button", name="Save note"))
    for slot in review.team_slots.filter(peer__isnull=True, tbc_note="").exclude(
        role=PeerRole.REVIEW_MANAGER
    ):
        services.mark_tbc(slot, note="TBC", by=world.people[Role.REVIEW_MANAGER])
    page.visit(f"{live_server.url}/reviews/{review.pk}/team/")
    click_and_check(page, page.get_by_role("button", name="Send the team to the council"))
    expect(page.get_by_text("Proposed to the council")).to_be_visible()

    # The sponsor agrees.
    click_and_check(peer, peer.get_by_role("button", name="Sign out"))
    sign_in(peer, live_server, "council_sponsor@example.org")
    peer.visit(f"{live_server.url}/reviews/{review.pk}/team/")
    expect(peer.get_by_text("Ada Mensah")).to_be_visible()
    expect(peer.get_by_text("two directors are checking their diaries")).to_be_visible()
    expect(peer.get_by_text("TBC: two directors")).to_have_count(0)
    peer.get_by_label("Yes, we agree the team").check()
    click_and_check(peer, peer.get_by_role("button", name="Send reply"))
    expect(peer.get_by_text("Agreed by the council").first).to_be_visible()
    assert services.team_status(review) == "agreed"
