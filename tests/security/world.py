"""One of every object a URL in the access matrix can name, given to a review's world."""

import uuid
from datetime import date, time

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casework.models import (
    Action,
    BriefingRender,
    CheckIn,
    FactualComment,
    Finding,
    Judgement,
    LetterRender,
    ProgressReview,
    Session,
    SessionDraft,
    SessionRequest,
    SignOff,
    Venue,
    WeekPlan,
)
from casework.services import briefing as briefing_service
from casework.services import followup as followup_service
from casework.services import letter as letter_service
from casework.services import notes as notes_service
from casework.services import timetable as timetable_service
from casework.services import voices as voices_service
from reviews import services as review_services
from reviews.models import Hypothesis, InspectionWindow, Review, Role, Theme
from teams import services
from teams.models import EmploymentPeriod, PeerImport, PeerRole, SeasonPlan, Unavailability
from tests.factories import InvitationFactory, PeerProfileFactory


def furnish(world, tag=""):
    """Give the world's review one of every object a URL can name."""
    world.invitation = InvitationFactory(review=world.review, invited_by=world.people[Role.REVIEW_MANAGER])
    world.milestone = world.review.milestones.first()
    world.window = InspectionWindow.objects.create(
        authority=world.review.authority, starts=date(2027, 1, 4), ends=date(2027, 1, 8)
    )
    world.theme = Theme.objects.first()
    world.line = world.theme.lines.first()

    services.ensure_standard_slots(world.review)
    manager = world.people[Role.REVIEW_MANAGER]
    world.pool_peer = PeerProfileFactory(email=f"pool.peer{tag}@example.org")
    world.open_slot = world.review.team_slots.filter(role=PeerRole.OFFICER_PEER).first()
    world.optional_slot = services.add_slot(world.review, role=PeerRole.POLICE_PEER, by=manager)
    invited = world.review.team_slots.filter(role=PeerRole.OFFICER_PEER).last()
    world.slot_invitation = services.invite_peer(
        invited, peer=PeerProfileFactory(email=f"invited{tag}@example.org"), by=manager
    )
    world.own_profile = PeerProfileFactory(email=world.people[Role.PEER].email, user=world.people[Role.PEER])
    world.own_dates = Unavailability.objects.create(
        peer=world.own_profile, starts=date(2027, 8, 2), ends=date(2027, 8, 6)
    )
    world.peer_import = PeerImport.objects.create(file_name="pool.csv", content="email\n", valid_rows=1)
    world.employment = EmploymentPeriod.objects.create(
        peer=world.pool_peer, organisation="Old employer", starts=date(2019, 4, 1), ends=date(2023, 3, 31)
    )
    world.season_plan = SeasonPlan.objects.create(status=SeasonPlan.Status.DONE, created_by=manager)
    world.season_plan.reviews.add(world.review)

    pdf = SimpleUploadedFile("Early help strategy.pdf", b"%PDF-1.4 a small test document")
    (world.version,) = review_services.upload_documents(
        world.review, files=[pdf], by=manager, category="policy"
    )
    world.document = world.version.document
    world.document_request = review_services.request_document(
        world.review, by=manager, title="Referral data", due=date(2099, 1, 1),
        owner=world.people[Role.COUNCIL_SPONSOR],
    )  # fmt: skip
    world.questionnaire = review_services.open_questionnaire(world.review, closes_on=date(2099, 1, 1))
    world.statement = world.questionnaire.statements.first()
    world.family_feedback = voices_service.open_family_feedback(
        world.review, closes_on=date(2099, 1, 1), help_contact="Call 0300 123 4567.", by=manager
    )
    world.hypothesis = Hypothesis.objects.create(review=world.review, statement="Thresholds are unclear.")

    world.venue = Venue.objects.create(review=world.review, name="Civic Centre")
    world.session = timetable_service.save_session(
        world.review,
        Session(review=world.review),
        fields={
            "kind": "interview",
            "day": world.review.onsite_start,
            "starts": time(10),
            "ends": time(11),
            "venue": world.venue,
        },
        peers=[world.people[Role.PEER]],
        themes=[],
        by=manager,
    )
    world.participant = timetable_service.add_participant(
        world.session, by=manager, role="Designated Nurse", agency="health"
    )
    # A hand change held for release (issue 19): cancelling the session.
    world.session_draft = SessionDraft.objects.create(
        review=world.review,
        action="cancel",
        session=world.session,
        base_version=world.session.version,
        summary="Cancel the interview.",
        by=manager,
    )
    world.feed = timetable_service.new_calendar_feed(world.review, world.people[Role.PEER])
    # The week's solver (issue 19): a request and a finished proposal with nothing in it.
    world.session_request = SessionRequest.objects.create(
        review=world.review,
        kind="interview",
        title="Police focus group",
        participant_role="Officers",
        agency="police",
    )
    world.week_plan = WeekPlan.objects.create(review=world.review, status="done", result={"placements": []})
    world.note = notes_service.save_note(
        world.review,
        author=world.people[Role.PEER],
        client_id=uuid.uuid4(),
        text="Strong front door.",
        draft=False,
    )
    world.finding = notes_service.save_finding(
        world.review, Finding(review=world.review), fields={"kind": "strength", "text": "A strong front door."},
        notes=[world.note], by=manager,
    )  # fmt: skip
    notes_service.set_agreed(world.finding, agreed=True, by=manager)
    letter = letter_service.create_letter(world.review, by=manager)
    world.section = letter.sections.first()
    world.render = LetterRender.objects.create(
        letter=letter, number=1, content_hash="x", status="ready", sent_for_check_at=timezone.now(),
        file=ContentFile(b"%PDF-1.7 test", name="letter.pdf"),
    )  # fmt: skip
    world.comment = FactualComment.objects.create(render=world.render, text="Dates are wrong.", by=manager)
    # The letter's sign-off: a version waiting for the quality assurer.
    world.sign_off = SignOff.objects.create(
        letter=letter, render=world.render, text_hash="x", submitted_by=world.people[Role.TEAM_LEADER]
    )
    pack = briefing_service.create_pack(world.review, by=manager)
    world.briefing_section = pack.sections.first()
    world.briefing_render = BriefingRender.objects.create(
        pack=pack, number=1, content_hash="x", status="ready", shared_at=timezone.now(),
        file=ContentFile(b"%PDF-1.7 test", name="briefing.pdf"),
    )  # fmt: skip
    world.action = Action.objects.create(review=world.review, title="Involve schools.")
    world.update = followup_service.add_progress(
        world.action, text="Started.", status="green", by=manager,
        evidence=SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes"),
    )  # fmt: skip
    world.checkin = CheckIn.objects.create(review=world.review, months=3, due=date(2027, 9, 1))
    # Issue 23: the world's review is also the progress review of an earlier one (linked last, so the
    # letter above was drafted as an ordinary review's).
    earlier = Review.objects.create(authority=world.review.authority, stage=Review.Stage.FOLLOW_UP)
    recommendation = Finding.objects.create(review=earlier, kind="recommendation", text="Involve schools.")
    progress = ProgressReview.objects.create(original=earlier, review=world.review, started_by=manager)
    world.judgement = Judgement.objects.create(progress_review=progress, recommendation=recommendation)
    return world
