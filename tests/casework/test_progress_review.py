"""The progress review: started from a review in follow-up, a short visit, the original team first, its own letter."""

import time
from datetime import date, timedelta

import pytest
from django.urls import reverse

from casework.models import Finding, Judgement, Letter, ProgressReview
from casework.services import followup as followup_service
from casework.services import letter as letter_service
from casework.services import progress as progress_service
from reviews.models import Review, Role
from teams import services as team_services
from teams.models import PeerRole, SlotInvitation
from tests.casework.helpers import agree, pdf_text
from tests.factories import PeerProfileFactory

ISSUED = date(2026, 1, 15)
VISIT = date.today() + timedelta(weeks=8)


def in_follow_up(world):
    """The world's review with two agreed recommendations, its letter issued and its action plan started."""
    leader = world.people[Role.TEAM_LEADER]
    world.recommendations = [
        agree(world.review, leader, "recommendation", "Involve schools in strategy discussions.",
              world.review.themes.get(number=3)),
        agree(world.review, leader, "recommendation", "Record the child's voice in every plan.",
              world.review.themes.get(number=1)),
    ]  # fmt: skip
    Review.objects.filter(pk=world.review.pk).update(stage=Review.Stage.FOLLOW_UP)
    world.review.refresh_from_db()
    Letter.objects.create(review=world.review, status="issued", issued_at=f"{ISSUED}T12:00:00Z")
    followup_service.start_followup(world.review, ISSUED)
    return world


@pytest.fixture
def original(world):
    w = in_follow_up(world)
    team_services.ensure_standard_slots(w.review)
    slot = w.review.team_slots.filter(role=PeerRole.OFFICER_PEER).first()
    slot.peer = w.original_peer = PeerProfileFactory(full_name="Sam Original", roles=[PeerRole.OFFICER_PEER])
    slot.save()
    return w


def start_form(day=VISIT, days=2, **extra):
    return {"onsite_start_0": day.day, "onsite_start_1": day.month, "onsite_start_2": day.year,
            "onsite_days": days, **extra}  # fmt: skip


def start(world, **changes):
    fields = {"onsite_start": VISIT, "onsite_days": 2, "team": [], "by": world.people[Role.REVIEW_MANAGER]}
    return progress_service.start_progress_review(world.review, **{**fields, **changes})


def test_the_manager_starts_a_progress_review_linked_to_the_original(client, original):
    client.force_login(original.people[Role.REVIEW_MANAGER])
    slot = original.review.team_slots.get(peer=original.original_peer)
    response = client.post(
        reverse("casework:progress-start", args=[original.review.pk]), start_form(team=[slot.pk])
    )
    progress = ProgressReview.objects.get(original=original.review)
    assert response.url == reverse("casework:progress", args=[progress.review.pk])
    assert progress.review.onsite_days == 2
    assert progress.review.kind == Review.Kind.FOLLOW_UP
    assert progress.review.authority == original.review.authority


def test_its_scope_is_the_original_recommendations_and_the_action_plan(original):
    progress, _ = start(original)
    review = progress.review
    in_theme_order = [original.recommendations[1], original.recommendations[0]]
    assert review.focus_areas == [r.text for r in in_theme_order]
    assert "2 recommendations of the letter issued on 15 January 2026" in review.purpose
    assert "action plan" in review.purpose
    assert [j.recommendation for j in progress.judgements.all()] == in_theme_order


def test_the_original_team_is_suggested_and_invited_to_the_same_kind_of_place(client, original):
    client.force_login(original.people[Role.REVIEW_MANAGER])
    page = client.get(reverse("casework:progress-start", args=[original.review.pk])).content.decode()
    assert "Sam Original, officer peer" in page
    assert "checked" in page[page.index("Sam Original") - 400 : page.index("Sam Original")]
    progress, refused = start(original, team=[(PeerRole.OFFICER_PEER, original.original_peer)])
    invitation = SlotInvitation.objects.get(peer=original.original_peer, slot__review=progress.review)
    assert invitation.slot.role == PeerRole.OFFICER_PEER
    assert refused == []


def test_the_council_is_on_the_progress_review_to_check_its_letter(original):
    progress, _ = start(original)
    sponsor = original.people[Role.COUNCIL_SPONSOR]
    assert progress.review.memberships.get(user=sponsor).role == Role.COUNCIL_SPONSOR


def test_a_review_not_in_follow_up_is_refused_with_a_message_and_nothing_saved(client, world):
    client.force_login(world.people[Role.REVIEW_MANAGER])
    reviews_before = Review.objects.count()
    page = client.post(
        reverse("casework:progress-start", args=[world.review.pk]), start_form()
    ).content.decode()
    assert "A progress review can only be started from a review in follow-up" in page
    assert Review.objects.count() == reviews_before
    assert not ProgressReview.objects.exists()


def test_a_visit_longer_than_two_days_is_refused_next_to_the_field_and_nothing_saved(client, original):
    client.force_login(original.people[Role.REVIEW_MANAGER])
    reviews_before = Review.objects.count()
    page = client.post(
        reverse("casework:progress-start", args=[original.review.pk]), start_form(days=3)
    ).content.decode()
    field = page[page.index("Number of on-site days") : page.index('name="onsite_days"')]
    assert "A progress review&#x27;s on-site visit is one or two days." in field
    assert Review.objects.count() == reviews_before


def test_the_service_also_refuses_a_visit_longer_than_two_days(original):
    with pytest.raises(progress_service.StartRefused, match="one or two days"):
        start(original, onsite_days=3)
    assert not ProgressReview.objects.exists()


def test_a_second_progress_review_of_the_same_review_is_refused(original):
    start(original)
    with pytest.raises(progress_service.StartRefused, match="already been started"):
        start(original)


def test_a_judgement_becomes_an_agreed_finding_of_the_progress_review(original):
    progress, _ = start(original)
    judgement = progress.judgements.get(recommendation=original.recommendations[0])
    progress_service.record_judgement(
        judgement, verdict="partly_met", what_we_found="Schools attend most discussions.",
        by=original.people[Role.REVIEW_MANAGER],
    )  # fmt: skip
    finding = Finding.objects.agreed().get(review=progress.review)
    assert finding.kind == Finding.Kind.CONSIDERATION
    assert finding.text.startswith("Partly met: “Involve schools in strategy discussions.”")
    assert finding.theme.number == 3


def test_the_team_leader_judges_a_recommendation_through_the_page(client, original):
    progress, _ = start(original)
    leader = original.people[Role.TEAM_LEADER]
    progress.review.memberships.create(user=leader, role=Role.TEAM_LEADER)
    judgement = progress.judgements.first()
    client.force_login(leader)
    url = reverse("casework:progress-judge", args=[progress.review.pk, judgement.pk])
    missing = client.post(url, {"verdict": "", "what_we_found": "x"}).content.decode()
    assert "Choose met, partly met or not met" in missing
    client.post(url, {"verdict": "met", "what_we_found": "Done and embedded."})
    assert Judgement.objects.get(pk=judgement.pk).verdict == "met"


def test_the_programme_view_counts_met_partly_met_and_not_met_per_council(client, original):
    progress, _ = start(original)
    manager = original.people[Role.REVIEW_MANAGER]
    first, second = progress.judgements.all()
    progress_service.record_judgement(first, verdict="met", what_we_found="", by=manager)
    progress_service.record_judgement(second, verdict="not_met", what_we_found="", by=manager)
    client.force_login(manager)
    page = client.get(reverse("casework:programme")).content.decode()
    row = page[page.index('<h2 class="govuk-heading-m">Progress reviews</h2>') :]
    row = row[
        row.index(original.review.authority.name) : row.index(
            "</tr>", row.index(original.review.authority.name)
        )
    ]
    cells = [c.split("</td>")[0] for c in row.split('govuk-table__cell--numeric">')[1:]]
    assert cells == ["1", "0", "1", "0"]


@pytest.mark.real_worker
def test_a_real_worker_renders_the_progress_reviews_letter(real_celery_worker, shipped_data):
    from tests.conftest import build_world

    world = in_follow_up(build_world())
    progress, _ = start(world)
    manager = world.people[Role.REVIEW_MANAGER]
    first, second = progress.judgements.all()
    progress_service.record_judgement(
        first, verdict="met", what_we_found="Schools attend every one.", by=manager
    )
    progress_service.record_judgement(second, verdict="partly_met", what_we_found="Most plans.", by=manager)
    letter = letter_service.create_letter(progress.review, by=manager)
    render = letter_service.request_render(letter, by=manager)
    deadline = time.monotonic() + 60
    while render.status not in ("ready", "failed") and time.monotonic() < deadline:
        time.sleep(0.2)
        render.refresh_from_db()
    assert render.status == "ready", render.failure
    whole = " ".join(pdf_text(render)[1]).replace("\n", " ")
    assert "progress review" in whole
    assert "we judged 1 met, 1 partly met, 0 not met" in whole
    assert "Schools attend every one." in whole


def test_a_new_judgement_marks_the_progress_letters_summary_as_out_of_date(original):
    from casework import queries

    progress, _ = start(original)
    manager = original.people[Role.REVIEW_MANAGER]
    first, second = progress.judgements.all()
    progress_service.record_judgement(first, verdict="met", what_we_found="", by=manager)
    letter = letter_service.create_letter(progress.review, by=manager)
    assert queries.stale_sections(letter) == set()
    progress_service.record_judgement(second, verdict="not_met", what_we_found="", by=manager)
    assert queries.stale_sections(letter) == {"summary", "theme-3"}
