"""Who may see and change the on-site timetable. Builds on the review rules in reviews/rules.py."""

import rules
from django.utils import timezone

from reviews.models import Review, Role
from reviews.rules import (
    is_council_contact,
    is_council_sponsor,
    is_member,
    is_on_team,
    is_quality_assurer,
    is_review_manager,
    role_on,
)

from .models import Programme
from .queries import presentation_start


@rules.predicate
def is_council_organiser(user, review):
    return role_on(user, review) == Role.COUNCIL_ORGANISER


@rules.predicate
def is_team_leader(user, review):
    return role_on(user, review) == Role.TEAM_LEADER


@rules.predicate
def assures_by_default(user, review):
    """The review manager approves the letter unless the programme named quality assurers for the review."""
    if not is_review_manager(user, review):
        return False
    # `queries.letter_reviews` answers this in the query that fetched the review.
    if "has_quality_assurer" in review.__dict__:
        return not review.has_quality_assurer
    return not review.memberships.filter(role=Role.QUALITY_ASSURER).exists()


@rules.predicate
def organiser_may_edit_now(user, review):
    """The organiser edits before the week starts; during it only if the manager allows."""
    before_week = review.onsite_start is None or timezone.localdate() < review.onsite_start
    if before_week:
        return True
    return Programme.objects.filter(review=review, organiser_may_edit_on_site=True).exists()


@rules.predicate
def findings_presented(user, review):
    """The team has presented its findings: its feedback presentation has started, or the review is
    past the visit (some reviews never timetable a presentation; by the letter stage they were told)."""
    if review.stage in (Review.Stage.LETTER, Review.Stage.FOLLOW_UP, Review.Stage.CLOSED):
        return True
    starts = presentation_start(review)
    return starts is not None and starts <= timezone.now()


rules.add_perm("casework.view_timetable", is_member)
rules.add_perm("casework.edit_timetable", is_review_manager | (is_council_organiser & organiser_may_edit_now))
rules.add_perm("casework.manage_timetable", is_review_manager)
rules.add_perm("casework.edit_venues", is_review_manager | is_council_organiser)
# Names and contacts of participants: only the two people who arrange the interviews.
rules.add_perm("casework.see_participant_names", is_review_manager | is_council_organiser)
rules.add_perm("casework.subscribe_calendar", is_member)

# Notes and the evidence behind findings: the review team only. Others get 404, not 403.
rules.add_perm("casework.view_evidence", is_on_team)
rules.add_perm("casework.write_notes", is_on_team)
# A note's amendments (each device's text): its author, and the manager who answers for the evidence.
rules.add_perm("casework.see_note_history", is_review_manager)
rules.add_perm("casework.draft_findings", is_on_team)
rules.add_perm("casework.edit_findings", is_team_leader | is_review_manager)
rules.add_perm("casework.share_daily_summary", is_review_manager)
rules.add_perm("casework.read_daily_summaries", is_member)
rules.add_perm("casework.view_feedback", is_member)
# The council hears the agreed findings from the team first, not as each one is agreed.
rules.add_perm("casework.read_agreed_findings", is_on_team | (is_council_contact & findings_presented))

# The feedback letter.
rules.add_perm("casework.view_letter", is_member)
rules.add_perm("casework.edit_letter", is_team_leader | is_review_manager)
rules.add_perm("casework.comment_on_letter", is_council_sponsor)
rules.add_perm("casework.issue_letter", is_review_manager)
# The PDFs' checksums prove which file was sent; the team keeps them, the council reads versions and dates.
rules.add_perm("casework.see_letter_checksums", is_on_team)
# The gate before the council sees the letter: the team leader submits a version, a quality assurer
# approves it. Where each sentence comes from is for the team and the assurer, never the council (404).
rules.add_perm("casework.submit_letter", is_team_leader | is_review_manager)
rules.add_perm("casework.approve_letter", is_quality_assurer | assures_by_default)
rules.add_perm("casework.read_letter_checks", is_team_leader | is_review_manager | is_quality_assurer)
rules.add_perm("casework.view_provenance", is_on_team | is_quality_assurer)

# The briefing pack for the council's staff and partners: the review manager and the council write it
# and share a version; everyone on the review reads the shared versions, drafts stay with its editors.
rules.add_perm("casework.view_briefing", is_member)
rules.add_perm("casework.edit_briefing", is_review_manager | is_council_contact)

# Follow-up.
rules.add_perm("casework.view_followup", is_member)
rules.add_perm("casework.edit_actions", is_council_contact)
rules.add_perm("casework.evaluate", is_member & ~is_review_manager)
rules.add_perm("casework.view_evaluations", is_review_manager)
rules.add_perm("casework.close_review", is_review_manager)

# Hearing from children, young people and families: the manager sets the form up, the council shares it,
# only the team reads the results (as with the staff questionnaire).
rules.add_perm("casework.manage_family_feedback", is_review_manager)
rules.add_perm("casework.share_family_feedback", is_council_contact | is_review_manager)
rules.add_perm("casework.view_family_feedback_results", is_on_team)

# Progress reviews (issue 23): the manager starts one from a review in follow-up; everyone on the progress
# review sees the original recommendations and the action plan; the team leader or manager judges them.
rules.add_perm("casework.start_progress_review", is_review_manager)
rules.add_perm("casework.view_progress_review", is_member)
rules.add_perm("casework.judge_progress", is_team_leader | is_review_manager)
