from django.urls import path

from peerreview.ratelimit import rate_limited

from .views import (
    briefing,
    calendars,
    findings,
    followup,
    letter,
    notes,
    offline,
    progress,
    scheduling,
    sessions,
    signoff,
    timetable,
    venues,
    voices,
)

app_name = "casework"

urlpatterns = [
    path("reviews/<int:pk>/timetable/", timetable.timetable_page, name="timetable"),
    path("reviews/<int:pk>/timetable/my-day/", timetable.my_day, name="my-day"),
    path(
        "reviews/<int:pk>/timetable/my-day/sessions/<int:session_pk>/",
        offline.session_brief,
        name="session-brief",
    ),
    path("reviews/<int:pk>/timetable/print/", timetable.printable, name="print"),
    path("reviews/<int:pk>/timetable/checks/", timetable.checks, name="checks"),
    path("reviews/<int:pk>/timetable/publish/", timetable.publish, name="publish"),
    path("reviews/<int:pk>/timetable/changes/", timetable.changes, name="changes"),
    path("reviews/<int:pk>/timetable/settings/", timetable.settings_edit, name="settings"),
    path("reviews/<int:pk>/timetable/release/", timetable.release, name="release"),
    path(
        "reviews/<int:pk>/timetable/drafts/<int:draft_pk>/discard/",
        timetable.draft_discard,
        name="draft-discard",
    ),
    path("reviews/<int:pk>/timetable/sessions/new/", sessions.session_create, name="session-create"),
    path("reviews/<int:pk>/timetable/sessions/<int:session_pk>/", sessions.session_edit, name="session-edit"),
    path(
        "reviews/<int:pk>/timetable/sessions/<int:session_pk>/delete/",
        sessions.session_delete,
        name="session-delete",
    ),
    path(
        "reviews/<int:pk>/timetable/sessions/<int:session_pk>/participants/new/",
        sessions.participant_create,
        name="participant-create",
    ),
    path(
        "reviews/<int:pk>/timetable/sessions/<int:session_pk>/participants/<int:participant_pk>/delete/",
        sessions.participant_delete,
        name="participant-delete",
    ),
    # The week's solver: requests, peers' days on site, proposals and re-plans.
    path("reviews/<int:pk>/timetable/requests/", scheduling.requests_page, name="requests"),
    path("reviews/<int:pk>/timetable/requests/new/", scheduling.request_edit, name="request-create"),
    path(
        "reviews/<int:pk>/timetable/requests/<int:request_pk>/", scheduling.request_edit, name="request-edit"
    ),
    path(
        "reviews/<int:pk>/timetable/requests/<int:request_pk>/delete/",
        scheduling.request_delete,
        name="request-delete",
    ),
    path("reviews/<int:pk>/timetable/availability/", scheduling.availability, name="availability"),
    path("reviews/<int:pk>/timetable/plans/new/", scheduling.plan_create, name="plan-create"),
    path("reviews/<int:pk>/timetable/plans/<int:plan_pk>/", scheduling.plan_page, name="plan"),
    path(
        "reviews/<int:pk>/timetable/plans/<int:plan_pk>/accept/", scheduling.plan_accept, name="plan-accept"
    ),
    path("reviews/<int:pk>/notes/", notes.my_notes, name="my-notes"),
    path("reviews/<int:pk>/notes/new/", notes.note_create, name="note-create"),
    # The phone's queue of notes written offline sends them here (casework.views.offline).
    path("reviews/<int:pk>/notes/send/", offline.note_send, name="note-send"),
    path("reviews/<int:pk>/notes/<int:note_pk>/history/", notes.note_history, name="note-history"),
    path("reviews/<int:pk>/notes/<int:note_pk>/", notes.note_edit, name="note-edit"),
    path("reviews/<int:pk>/notes/<int:note_pk>/hypothesis/", notes.note_link, name="note-link"),
    path("reviews/<int:pk>/evidence-board/", notes.board, name="board"),
    path("reviews/<int:pk>/coverage/", notes.coverage, name="coverage"),
    path("reviews/<int:pk>/findings/", findings.findings, name="findings"),
    path("reviews/<int:pk>/findings/new/", findings.finding_create, name="finding-create"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/", findings.finding_edit, name="finding-edit"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/agree/", findings.finding_agree, name="finding-agree"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/move/", findings.finding_move, name="finding-move"),
    path("reviews/<int:pk>/findings/<int:finding_pk>/merge/", findings.finding_merge, name="finding-merge"),
    path("reviews/<int:pk>/no-surprises/", findings.summaries, name="summaries"),
    path("reviews/<int:pk>/no-surprises/new/", findings.summary_create, name="summary-create"),
    path("reviews/<int:pk>/feedback/", findings.feedback, name="feedback"),
    path("reviews/<int:pk>/letter/", letter.letter_page, name="letter"),
    path("reviews/<int:pk>/letter/new/", letter.letter_create, name="letter-create"),
    path("reviews/<int:pk>/letter/sections/<int:section_pk>/", letter.section_edit, name="section-edit"),
    path(
        "reviews/<int:pk>/letter/sections/<int:section_pk>/refresh/",
        letter.section_refresh,
        name="section-refresh",
    ),
    path("reviews/<int:pk>/letter/pdf/new/", letter.render_request, name="letter-render"),
    path("reviews/<int:pk>/letter/pdf/<int:render_pk>/", letter.letter_pdf_download, name="letter-pdf"),
    path("reviews/<int:pk>/letter/pdf/<int:render_pk>/send/", letter.send_for_check, name="letter-send"),
    path(
        "reviews/<int:pk>/letter/pdf/<int:render_pk>/comment/", letter.comment_create, name="letter-comment"
    ),
    path(
        "reviews/<int:pk>/letter/comments/<int:comment_pk>/respond/",
        letter.comment_respond,
        name="letter-respond",
    ),
    path("reviews/<int:pk>/letter/issue/", letter.issue_letter, name="letter-issue"),
    # The letter's checks, its sign-off by a quality assurer, and where each version's text comes from.
    path(
        "reviews/<int:pk>/letter/checks/<str:key>/acknowledge/",
        signoff.acknowledge,
        name="letter-acknowledge",
    ),
    path("reviews/<int:pk>/letter/pdf/<int:render_pk>/sign-off/", signoff.submit_draft, name="letter-submit"),
    path("reviews/<int:pk>/letter/sign-off/final/", signoff.submit_final, name="letter-submit-final"),
    path(
        "reviews/<int:pk>/letter/sign-off/<int:sign_off_pk>/", signoff.sign_off_page, name="letter-sign-off"
    ),
    path(
        "reviews/<int:pk>/letter/sign-off/<int:sign_off_pk>/approve/",
        signoff.sign_off_approve,
        name="letter-approve",
    ),
    path(
        "reviews/<int:pk>/letter/sign-off/<int:sign_off_pk>/return/",
        signoff.sign_off_return,
        name="letter-return",
    ),
    path(
        "reviews/<int:pk>/letter/pdf/<int:render_pk>/sources/",
        signoff.provenance_page,
        name="letter-provenance",
    ),
    path("reviews/<int:pk>/letter/correction/", letter.correction_start, name="letter-correction"),
    path(
        "reviews/<int:pk>/letter/correction/issue/", letter.correction_issue, name="letter-correction-issue"
    ),
    path("reviews/<int:pk>/briefing/", briefing.briefing_page, name="briefing"),
    path("reviews/<int:pk>/briefing/new/", briefing.briefing_create, name="briefing-create"),
    path(
        "reviews/<int:pk>/briefing/sections/<int:section_pk>/",
        briefing.briefing_section_edit,
        name="briefing-section-edit",
    ),
    path(
        "reviews/<int:pk>/briefing/sections/<int:section_pk>/refresh/",
        briefing.briefing_section_refresh,
        name="briefing-section-refresh",
    ),
    path("reviews/<int:pk>/briefing/pdf/new/", briefing.briefing_render_request, name="briefing-render"),
    path(
        "reviews/<int:pk>/briefing/pdf/<int:render_pk>/", briefing.briefing_pdf_download, name="briefing-pdf"
    ),
    path(
        "reviews/<int:pk>/briefing/pdf/<int:render_pk>/share/", briefing.briefing_share, name="briefing-share"
    ),
    path("reviews/<int:pk>/follow-up/", followup.followup_page, name="followup"),
    path("reviews/<int:pk>/follow-up/actions/new/", followup.action_create, name="action-create"),
    path("reviews/<int:pk>/follow-up/actions/<int:action_pk>/", followup.action_edit, name="action-edit"),
    path(
        "reviews/<int:pk>/follow-up/actions/<int:action_pk>/progress/",
        followup.progress_create,
        name="progress-create",
    ),
    path(
        "reviews/<int:pk>/follow-up/evidence/<int:update_pk>/",
        followup.progress_evidence,
        name="progress-evidence",
    ),
    path("reviews/<int:pk>/follow-up/check-ins/<int:checkin_pk>/", followup.checkin, name="checkin"),
    path("reviews/<int:pk>/follow-up/evaluation/", followup.evaluation, name="evaluation"),
    path("reviews/<int:pk>/follow-up/close/", followup.close, name="close"),
    path("programme/", followup.programme, name="programme"),
    path("reviews/<int:pk>/progress-review/new/", progress.progress_start, name="progress-start"),
    path("reviews/<int:pk>/progress-review/", progress.progress_page, name="progress"),
    path(
        "reviews/<int:pk>/progress-review/<int:judgement_pk>/", progress.judgement_edit, name="progress-judge"
    ),
    path("reviews/<int:pk>/venues/", venues.venues, name="venues"),
    path("reviews/<int:pk>/venues/new/", venues.venue_edit, name="venue-create"),
    path("reviews/<int:pk>/venues/<int:venue_pk>/", venues.venue_edit, name="venue-edit"),
    path("reviews/<int:pk>/venues/travel/", venues.travel_times, name="travel-times"),
    # Polled by calendar programs, which cannot sign in: the secret address is the credential.
    # Hearing from children, young people and families: the secret link (or its QR code) is the credential.
    path(
        "young-people/<str:token>/",
        rate_limited("family-feedback")(voices.family_answer),
        name="family-answer",
    ),
    path(
        "young-people/<str:token>/easy-read/",
        rate_limited("family-feedback")(voices.family_answer),
        {"easy_read": True},
        name="family-answer-easy-read",
    ),
    path("reviews/<int:pk>/young-people/", voices.family_feedback, name="family-feedback"),
    path("reviews/<int:pk>/young-people/poster/", voices.family_feedback_poster, name="family-poster"),
    path("reviews/<int:pk>/young-people/results/", voices.family_feedback_results, name="family-results"),
    path("calendars/<str:token>.ics", calendars.calendar_feed, name="calendar-feed"),
    path("reviews/<int:pk>/calendar/", calendars.calendar_settings, name="calendar"),
    path("reviews/<int:pk>/calendar/new/", calendars.calendar_new, name="calendar-new"),
    path("reviews/<int:pk>/calendar/revoke/", calendars.calendar_revoke, name="calendar-revoke"),
    path("reviews/<int:pk>/calendar/download.ics", calendars.calendar_download, name="calendar-download"),
]
