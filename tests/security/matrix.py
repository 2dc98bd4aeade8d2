"""The access matrix's rows: every URL the project serves, and who gets which answer.

``test_access_matrix.py`` opens each row as every kind of visitor; a URL pattern without
a row here fails ``test_every_url_pattern_has_a_row``, so a new page cannot ship without
someone deciding who may open it. The objects the rows name come from ``world.furnish``.
"""

from django.urls import reverse

from reviews.models import Role

from .answers import (
    ADMIN_LOGIN,
    ASSURER,
    FINDING_EDITORS,
    LOGIN,
    Row,
    council_and_manager,
    council_only,
    everyone,
    letter_writers,
    managers_only,
    members,
    own_profile,
    programme_managers,
    signed_in,
    team_only,
    team_secret,
    timetable_editors,
)


def review_url(name, *extra, app="reviews"):
    return lambda w: reverse(f"{app}:{name}", args=[w.review.pk, *[attr(w) for attr in extra]])


MATRIX = {
    "dashboard": Row(lambda w: reverse("dashboard"), signed_in(200)),
    # Each person's own messages only: the page takes no id, so nobody can ask for another's.
    "messages": Row(lambda w: reverse("messages"), signed_in(200)),
    "healthz": Row(lambda w: reverse("healthz"), everyone(200)),
    # The offline web app (issue 18): the worker, the manifest, the offline page and "This device"
    # are the same for everyone and hold nothing of any review; the device's state names only a key.
    "service-worker": Row(lambda w: reverse("service-worker"), everyone(200)),
    "manifest": Row(lambda w: reverse("manifest"), everyone(200)),
    "offline": Row(lambda w: reverse("offline"), everyone(200)),
    "device": Row(lambda w: reverse("device"), everyone(200)),
    "device-state": Row(lambda w: reverse("device-state"), {"anonymous": 401, "*": 200}),
    "sign-in": Row(lambda w: reverse("sign-in"), {"anonymous": 200, "*": 302}),
    "sign-out": Row(lambda w: reverse("sign-out"), everyone(302), method="post"),
    "password_change": Row(lambda w: reverse("password_change"), signed_in(200)),
    "password_change_done": Row(lambda w: reverse("password_change_done"), signed_in(200)),
    "password_reset": Row(lambda w: reverse("password_reset"), everyone(200)),
    "password_reset_done": Row(lambda w: reverse("password_reset_done"), everyone(200)),
    "password_reset_confirm": Row(
        lambda w: reverse("password_reset_confirm", args=["MQ", "not-a-token"]), everyone(200)
    ),
    "password_reset_complete": Row(lambda w: reverse("password_reset_complete"), everyone(200)),
    # Holding the link is the credential; what the page offers depends on who opens it.
    "reviews:invitation-accept": Row(
        lambda w: reverse("reviews:invitation-accept", args=[w.invitation.token]), everyone(200)
    ),
    "reviews:detail": Row(lambda w: reverse("reviews:detail", args=[w.review.pk]), members(200)),
    "reviews:invitation-create": Row(
        lambda w: reverse("reviews:invitation-create", args=[w.review.pk]), managers_only(200)
    ),
    "reviews:invitation-revoke": Row(
        lambda w: reverse("reviews:invitation-revoke", args=[w.review.pk, w.invitation.pk]),
        managers_only(302),
        method="post",
    ),
    "reviews:list": Row(lambda w: reverse("reviews:list"), programme_managers(200)),
    "reviews:create": Row(lambda w: reverse("reviews:create"), programme_managers(200)),
    "reviews:edit": Row(review_url("edit"), managers_only(200)),
    "reviews:scope": Row(review_url("scope"), members(200)),
    "reviews:scope-send": Row(review_url("scope-send"), managers_only(302), method="post"),
    "reviews:lines": Row(review_url("lines"), managers_only(200)),
    # The council adds lines of enquiry of its own, as its briefing invites it to.
    "reviews:local-line-create": Row(review_url("local-line-create"), council_and_manager(200)),
    "reviews:plan": Row(review_url("plan"), members(200)),
    "reviews:milestone-edit": Row(review_url("milestone-edit", lambda w: w.milestone.pk), managers_only(200)),
    "reviews:milestone-toggle": Row(
        review_url("milestone-toggle", lambda w: w.milestone.pk), managers_only(302), method="post"
    ),
    "reviews:stage": Row(review_url("stage"), managers_only(200)),
    "reviews:postpone": Row(review_url("postpone"), managers_only(200)),
    "reviews:call-off": Row(review_url("call-off"), managers_only(200)),
    "reviews:library": Row(review_url("library"), {**members(200), ASSURER: 403}),
    "reviews:document-upload": Row(review_url("document-upload"), council_and_manager(200)),
    "reviews:document-request-create": Row(review_url("document-request-create"), managers_only(200)),
    # Document requests: the manager asks, accepts, returns and closes; the council answers.
    # The quality assurer reads the letter, not the library or what was asked for it.
    "reviews:document-requests": Row(review_url("document-requests"), {**members(200), ASSURER: 403}),
    "reviews:document-requests-upload": Row(review_url("document-requests-upload"), council_and_manager(200)),
    "reviews:document-request-detail": Row(
        review_url("document-request-detail", lambda w: w.document_request.pk), {**members(200), ASSURER: 403}
    ),
    "reviews:document-request-accept": Row(
        review_url("document-request-accept", lambda w: w.document_request.pk),
        managers_only(302),
        method="post",
    ),
    "reviews:document-request-return": Row(
        review_url("document-request-return", lambda w: w.document_request.pk), managers_only(200)
    ),
    "reviews:document-request-not-available": Row(
        review_url("document-request-not-available", lambda w: w.document_request.pk), council_only(200)
    ),
    "reviews:document-request-close": Row(
        review_url("document-request-close", lambda w: w.document_request.pk),
        managers_only(302),
        method="post",
    ),
    "reviews:document-detail": Row(
        review_url("document-detail", lambda w: w.document.pk), {**members(200), ASSURER: 403}
    ),
    "reviews:document-download": Row(
        review_url("document-download", lambda w: w.document.pk, lambda w: w.version.pk),
        {**members(200), ASSURER: 403},
    ),
    "reviews:document-keep": Row(
        review_url("document-keep", lambda w: w.document.pk), council_only(302), method="post"
    ),
    "reviews:self-evaluation": Row(review_url("self-evaluation"), {**members(200), ASSURER: 404}),
    "reviews:questionnaire": Row(review_url("questionnaire"), council_and_manager(200)),
    "reviews:statement-create": Row(review_url("statement-create"), managers_only(200)),
    "reviews:statement-delete": Row(
        review_url("statement-delete", lambda w: w.statement.pk), managers_only(302), method="post"
    ),
    "reviews:questionnaire-results": Row(review_url("questionnaire-results"), team_only(200)),
    # One-time codes for shared computers: the manager or the council makes and prints them.
    "reviews:questionnaire-codes": Row(review_url("questionnaire-codes"), council_and_manager(200)),
    # GET is the confirmation page; the POST (same check) is in tests/reviews/test_questionnaire_link.py.
    "reviews:questionnaire-new-link": Row(review_url("questionnaire-new-link"), managers_only(200)),
    "reviews:case-exercises": Row(review_url("case-exercises"), {**members(200), ASSURER: 404}),
    "reviews:case-exercise-edit": Row(
        review_url("case-exercise-edit", lambda w: "case_mapping"), council_only(200)
    ),
    "reviews:hypotheses": Row(review_url("hypotheses"), team_only(200)),
    "reviews:hypothesis-create": Row(review_url("hypothesis-create"), team_only(200)),
    "reviews:hypothesis-edit": Row(review_url("hypothesis-edit", lambda w: w.hypothesis.pk), team_only(200)),
    "reviews:early-finding-create": Row(review_url("early-finding-create"), team_only(200)),
    # The link is the credential: staff and partners answer without an account.
    "reviews:questionnaire-answer": Row(
        lambda w: reverse("reviews:questionnaire-answer", args=[w.questionnaire.token]), everyone(200)
    ),
    # Hearing from children, young people and families (issue 23): the secret link is the credential for
    # answering; the council shares it (link or QR poster); only the team reads the results.
    "casework:family-answer": Row(
        lambda w: reverse("casework:family-answer", args=[w.family_feedback.token]), everyone(200)
    ),
    "casework:family-answer-easy-read": Row(
        lambda w: reverse("casework:family-answer-easy-read", args=[w.family_feedback.token]), everyone(200)
    ),
    "casework:family-feedback": Row(review_url("family-feedback", app="casework"), council_and_manager(200)),
    "casework:family-poster": Row(review_url("family-poster", app="casework"), council_and_manager(200)),
    "casework:family-results": Row(review_url("family-results", app="casework"), team_only(200)),
    # Progress reviews (issue 23): the manager starts one (GET is the form); everyone on the progress review
    # follows the original recommendations; the team leader or manager judges them.
    "casework:progress-start": Row(review_url("progress-start", app="casework"), managers_only(200)),
    "casework:progress": Row(review_url("progress", app="casework"), members(200)),
    "casework:progress-judge": Row(
        review_url("progress-judge", lambda w: w.judgement.pk, app="casework"), letter_writers(200)
    ),
    "reviews:audit": Row(review_url("audit"), managers_only(200)),
    "reviews:reset-two-factor": Row(
        review_url("reset-two-factor", lambda w: w.people[Role.PEER.value].pk),
        managers_only(302),
        method="post",
    ),
    # The page asks why; the removal itself is a POST of the same page with a reason.
    "reviews:member-remove": Row(
        review_url("member-remove", lambda w: w.people[Role.PEER.value].pk), managers_only(200)
    ),
    "two-factor-setup": Row(lambda w: reverse("two-factor-setup"), signed_in(200)),
    # Without an authenticator there is no code to ask for: on to the page asked for.
    "two-factor-verify": Row(lambda w: reverse("two-factor-verify"), signed_in(302)),
    "reviews:council-list": Row(lambda w: reverse("reviews:council-list"), programme_managers(200)),
    "reviews:council-create": Row(lambda w: reverse("reviews:council-create"), programme_managers(200)),
    "reviews:council-detail": Row(
        lambda w: reverse("reviews:council-detail", args=[w.review.authority_id]), programme_managers(200)
    ),
    "reviews:council-edit": Row(
        lambda w: reverse("reviews:council-edit", args=[w.review.authority_id]), programme_managers(200)
    ),
    "reviews:inspection-create": Row(
        lambda w: reverse("reviews:inspection-create", args=[w.review.authority_id]), programme_managers(200)
    ),
    "reviews:inspection-delete": Row(
        lambda w: reverse("reviews:inspection-delete", args=[w.review.authority_id, w.window.pk]),
        programme_managers(302),
        method="post",
    ),
    "reviews:framework": Row(lambda w: reverse("reviews:framework"), programme_managers(200)),
    "reviews:theme-edit": Row(
        lambda w: reverse("reviews:theme-edit", args=[w.theme.pk]), programme_managers(200)
    ),
    "reviews:line-create": Row(
        lambda w: reverse("reviews:line-create", args=[w.theme.pk]), programme_managers(200)
    ),
    "reviews:line-edit": Row(
        lambda w: reverse("reviews:line-edit", args=[w.line.pk]), programme_managers(200)
    ),
    "teams:peer-list": Row(lambda w: reverse("teams:peer-list"), programme_managers(200)),
    "teams:peer-create": Row(lambda w: reverse("teams:peer-create"), programme_managers(200)),
    "teams:peer-detail": Row(
        lambda w: reverse("teams:peer-detail", args=[w.pool_peer.pk]), programme_managers(200)
    ),
    "teams:peer-edit": Row(
        lambda w: reverse("teams:peer-edit", args=[w.pool_peer.pk]), programme_managers(200)
    ),
    "teams:unavailability-create": Row(
        lambda w: reverse("teams:unavailability-create", args=[w.pool_peer.pk]), programme_managers(200)
    ),
    # A peer may remove their own dates; managers anyone's.
    "teams:unavailability-delete": Row(
        lambda w: reverse("teams:unavailability-delete", args=[w.own_profile.pk, w.own_dates.pk]),
        {"anonymous": LOGIN, "outsider": 302, Role.REVIEW_MANAGER.value: 302, Role.PEER.value: 302, "*": 403},
        method="post",
    ),
    "teams:conflict-create": Row(
        lambda w: reverse("teams:conflict-create", args=[w.pool_peer.pk]), programme_managers(200)
    ),
    # Employment history, conflict checks and season plans show the pool's candidates: the programme only.
    "teams:employment-create": Row(
        lambda w: reverse("teams:employment-create", args=[w.pool_peer.pk]), programme_managers(200)
    ),
    "teams:employment-delete": Row(
        lambda w: reverse("teams:employment-delete", args=[w.pool_peer.pk, w.employment.pk]),
        programme_managers(302),
        method="post",
    ),
    "teams:conflict-check": Row(
        lambda w: reverse("teams:conflict-check", args=[w.pool_peer.pk]), programme_managers(200)
    ),
    "teams:plan-list": Row(lambda w: reverse("teams:plan-list"), programme_managers(200)),
    "teams:plan-detail": Row(
        lambda w: reverse("teams:plan-detail", args=[w.season_plan.pk]), programme_managers(200)
    ),
    "teams:plan-accept": Row(
        lambda w: reverse("teams:plan-accept", args=[w.season_plan.pk]),
        programme_managers(302),
        method="post",
    ),
    "teams:plan-replan": Row(
        lambda w: reverse("teams:plan-replan", args=[w.season_plan.pk]),
        programme_managers(302),
        method="post",
    ),
    "teams:import-upload": Row(lambda w: reverse("teams:import-upload"), programme_managers(200)),
    "teams:import-template": Row(lambda w: reverse("teams:import-template"), programme_managers(200)),
    "teams:import-detail": Row(
        lambda w: reverse("teams:import-detail", args=[w.peer_import.pk]), programme_managers(200)
    ),
    "teams:import-confirm": Row(
        lambda w: reverse("teams:import-confirm", args=[w.peer_import.pk]),
        programme_managers(302),
        method="post",
    ),
    "teams:my-profile": Row(lambda w: reverse("teams:my-profile"), own_profile(200)),
    "teams:my-profile-edit": Row(lambda w: reverse("teams:my-profile-edit"), own_profile(200)),
    "teams:my-unavailability-create": Row(
        lambda w: reverse("teams:my-unavailability-create"), own_profile(200)
    ),
    "teams:team": Row(review_url("team", app="teams"), members(200)),
    "teams:slot-add": Row(review_url("slot-add", app="teams"), managers_only(200)),
    "teams:slot-tbc": Row(review_url("slot-tbc", lambda w: w.open_slot.pk, app="teams"), managers_only(200)),
    "teams:slot-remove": Row(
        review_url("slot-remove", lambda w: w.optional_slot.pk, app="teams"),
        managers_only(302),
        method="post",
    ),
    "teams:candidates": Row(
        review_url("candidates", lambda w: w.open_slot.pk, app="teams"), managers_only(200)
    ),
    "teams:invite": Row(
        review_url("invite", lambda w: w.open_slot.pk, lambda w: w.pool_peer.pk, app="teams"),
        managers_only(200),
    ),
    "teams:invitation-withdraw": Row(
        review_url("invitation-withdraw", lambda w: w.slot_invitation.pk, app="teams"),
        managers_only(302),
        method="post",
    ),
    "teams:team-send": Row(review_url("team-send", app="teams"), managers_only(302), method="post"),
    # An empty answer re-shows the form with its errors.
    "teams:team-respond": Row(
        review_url("team-respond", app="teams"),
        {"anonymous": LOGIN, "outsider": 404, Role.COUNCIL_SPONSOR.value: 200, "*": 403},
        method="post",
    ),
    "teams:invitation-respond": Row(
        lambda w: reverse("teams:invitation-respond", args=[w.slot_invitation.token]), everyone(200)
    ),
    "casework:timetable": Row(review_url("timetable", app="casework"), members(200)),
    "casework:my-day": Row(review_url("my-day", app="casework"), members(200)),
    "casework:print": Row(review_url("print", app="casework"), members(200)),
    "casework:changes": Row(review_url("changes", app="casework"), members(200)),
    "casework:checks": Row(review_url("checks", app="casework"), timetable_editors(200)),
    "casework:publish": Row(review_url("publish", app="casework"), managers_only(200)),
    "casework:settings": Row(review_url("settings", app="casework"), managers_only(200)),
    # Hand changes after publication are drafts (issue 19): released or discarded by those who edit.
    "casework:release": Row(review_url("release", app="casework"), timetable_editors(302), method="post"),
    "casework:draft-discard": Row(
        review_url("draft-discard", lambda w: w.session_draft.pk, app="casework"),
        timetable_editors(302),
        method="post",
    ),
    "casework:session-create": Row(review_url("session-create", app="casework"), timetable_editors(200)),
    "casework:session-edit": Row(
        review_url("session-edit", lambda w: w.session.pk, app="casework"), timetable_editors(200)
    ),
    "casework:session-delete": Row(
        review_url("session-delete", lambda w: w.session.pk, app="casework"),
        timetable_editors(302),
        method="post",
    ),
    "casework:participant-create": Row(
        review_url("participant-create", lambda w: w.session.pk, app="casework"),
        timetable_editors(302),
        method="post",
    ),
    "casework:participant-delete": Row(
        review_url("participant-delete", lambda w: w.session.pk, lambda w: w.participant.pk, app="casework"),
        timetable_editors(302),
        method="post",
    ),
    "casework:venues": Row(review_url("venues", app="casework"), members(200)),
    "casework:venue-create": Row(review_url("venue-create", app="casework"), timetable_editors(200)),
    "casework:venue-edit": Row(
        review_url("venue-edit", lambda w: w.venue.pk, app="casework"), timetable_editors(200)
    ),
    "casework:travel-times": Row(review_url("travel-times", app="casework"), timetable_editors(200)),
    # The week's solver (issue 19): requests and peers' days by those who arrange the week; solving
    # and accepting by the review manager.
    "casework:requests": Row(review_url("requests", app="casework"), timetable_editors(200)),
    "casework:request-create": Row(review_url("request-create", app="casework"), timetable_editors(200)),
    "casework:request-edit": Row(
        review_url("request-edit", lambda w: w.session_request.pk, app="casework"), timetable_editors(200)
    ),
    "casework:request-delete": Row(
        review_url("request-delete", lambda w: w.session_request.pk, app="casework"),
        timetable_editors(302),
        method="post",
    ),
    "casework:availability": Row(review_url("availability", app="casework"), timetable_editors(200)),
    "casework:plan-create": Row(review_url("plan-create", app="casework"), managers_only(200)),
    "casework:plan": Row(review_url("plan", lambda w: w.week_plan.pk, app="casework"), managers_only(200)),
    "casework:plan-accept": Row(
        review_url("plan-accept", lambda w: w.week_plan.pk, app="casework"), managers_only(302), method="post"
    ),
    "casework:calendar": Row(review_url("calendar", app="casework"), members(200)),
    "casework:calendar-new": Row(review_url("calendar-new", app="casework"), members(302), method="post"),
    "casework:calendar-revoke": Row(
        review_url("calendar-revoke", app="casework"), members(302), method="post"
    ),
    "casework:calendar-download": Row(review_url("calendar-download", app="casework"), members(200)),
    # Calendar programs cannot sign in: the secret address is the credential.
    "casework:calendar-feed": Row(
        lambda w: reverse("casework:calendar-feed", args=[w.feed.token]), everyone(200)
    ),
    "casework:my-notes": Row(review_url("my-notes", app="casework"), team_secret(200)),
    # Issue 18: a session's brief reads like "my day"; the phone's queue answers JSON, never a page
    # (anonymous 401, not a redirect); a note's history is for its author and the review manager.
    "casework:session-brief": Row(
        review_url("session-brief", lambda w: w.session.pk, app="casework"), members(200)
    ),
    "casework:note-send": Row(
        review_url("note-send", app="casework"),
        {
            **team_secret(400),
            "anonymous": 401,
            "outsider": 403,
            Role.COUNCIL_SPONSOR.value: 403,
            Role.COUNCIL_ORGANISER.value: 403,
            ASSURER: 403,
            "superuser": 403,
        },
        method="post",
    ),  # fmt: skip
    "casework:note-history": Row(
        review_url("note-history", lambda w: w.note.pk, app="casework"),
        {**team_secret(404), Role.PEER.value: 200, Role.REVIEW_MANAGER.value: 200},
    ),
    "casework:note-create": Row(review_url("note-create", app="casework"), team_secret(200)),
    # Only its author opens a note; to anyone else it does not exist.
    "casework:note-edit": Row(
        review_url("note-edit", lambda w: w.note.pk, app="casework"),
        {**team_secret(404), Role.PEER.value: 200},
    ),
    "casework:note-link": Row(review_url("note-link", lambda w: w.note.pk, app="casework"), team_secret(200)),
    "casework:board": Row(review_url("board", app="casework"), team_secret(200)),
    "casework:coverage": Row(review_url("coverage", app="casework"), team_secret(200)),
    "casework:findings": Row(review_url("findings", app="casework"), team_secret(200)),
    "casework:finding-create": Row(review_url("finding-create", app="casework"), team_secret(200)),
    "casework:finding-edit": Row(
        review_url("finding-edit", lambda w: w.finding.pk, app="casework"),
        team_secret(200, allowed=FINDING_EDITORS),
    ),
    "casework:finding-merge": Row(
        review_url("finding-merge", lambda w: w.finding.pk, app="casework"),
        team_secret(200, allowed=FINDING_EDITORS),
    ),
    "casework:finding-agree": Row(
        review_url("finding-agree", lambda w: w.finding.pk, app="casework"),
        team_secret(302, allowed=FINDING_EDITORS),
        method="post",
    ),
    "casework:finding-move": Row(
        review_url("finding-move", lambda w: w.finding.pk, app="casework"),
        team_secret(302, allowed=FINDING_EDITORS),
        method="post",
    ),
    "casework:summaries": Row(review_url("summaries", app="casework"), members(200)),
    "casework:summary-create": Row(review_url("summary-create", app="casework"), managers_only(200)),
    "casework:feedback": Row(review_url("feedback", app="casework"), members(200)),
    # The briefing pack: the manager and the council write and share it; everyone on the review reads
    # the shared versions (the world's is shared; a draft is refused in tests/casework/test_briefing.py).
    "casework:briefing": Row(review_url("briefing", app="casework"), members(200)),
    "casework:briefing-create": Row(
        review_url("briefing-create", app="casework"), council_and_manager(302), method="post"
    ),
    "casework:briefing-section-edit": Row(
        review_url("briefing-section-edit", lambda w: w.briefing_section.pk, app="casework"),
        council_and_manager(200),
    ),
    "casework:briefing-section-refresh": Row(
        review_url("briefing-section-refresh", lambda w: w.briefing_section.pk, app="casework"),
        council_and_manager(302),
        method="post",
    ),
    "casework:briefing-render": Row(
        review_url("briefing-render", app="casework"), council_and_manager(302), method="post"
    ),
    "casework:briefing-pdf": Row(
        review_url("briefing-pdf", lambda w: w.briefing_render.pk, app="casework"), members(200)
    ),
    "casework:briefing-share": Row(
        review_url("briefing-share", lambda w: w.briefing_render.pk, app="casework"),
        council_and_manager(302),
        method="post",
    ),
    "casework:letter": Row(review_url("letter", app="casework"), members(200)),
    "casework:letter-create": Row(
        review_url("letter-create", app="casework"), letter_writers(302), method="post"
    ),
    "casework:section-edit": Row(
        review_url("section-edit", lambda w: w.section.pk, app="casework"), letter_writers(200)
    ),
    "casework:section-refresh": Row(
        review_url("section-refresh", lambda w: w.section.pk, app="casework"),
        letter_writers(302),
        method="post",
    ),
    "casework:letter-render": Row(
        review_url("letter-render", app="casework"), letter_writers(302), method="post"
    ),
    # A version sent for the council's check: the whole review may open it.
    "casework:letter-pdf": Row(review_url("letter-pdf", lambda w: w.render.pk, app="casework"), members(200)),
    "casework:letter-send": Row(
        review_url("letter-send", lambda w: w.render.pk, app="casework"), letter_writers(302), method="post"
    ),
    "casework:letter-comment": Row(
        review_url("letter-comment", lambda w: w.render.pk, app="casework"),
        {"anonymous": LOGIN, "outsider": 404, Role.COUNCIL_SPONSOR.value: 200, "*": 403},
    ),
    "casework:letter-respond": Row(
        review_url("letter-respond", lambda w: w.comment.pk, app="casework"),
        letter_writers(302),
        method="post",
    ),
    "casework:letter-issue": Row(review_url("letter-issue", app="casework"), managers_only(200)),
    # The letter's checks and sign-off (issue 20). The world's letter warns that no finding hears any agency.
    "casework:letter-acknowledge": Row(
        review_url(
            "letter-acknowledge",
            lambda w: "agencies-social_care-health-police-education-voluntary",
            app="casework",
        ),
        letter_writers(200),
    ),
    "casework:letter-submit": Row(
        review_url("letter-submit", lambda w: w.render.pk, app="casework"), letter_writers(302), method="post"
    ),
    "casework:letter-submit-final": Row(
        review_url("letter-submit-final", app="casework"), letter_writers(302), method="post"
    ),
    "casework:letter-sign-off": Row(
        review_url("letter-sign-off", lambda w: w.sign_off.pk, app="casework"),
        {**letter_writers(200), ASSURER: 200},
    ),
    # The world names a quality assurer, so they decide, not the review manager.
    "casework:letter-approve": Row(
        review_url("letter-approve", lambda w: w.sign_off.pk, app="casework"),
        {"anonymous": LOGIN, "outsider": 404, ASSURER: 302, "*": 403},
        method="post",
    ),
    "casework:letter-return": Row(
        review_url("letter-return", lambda w: w.sign_off.pk, app="casework"),
        {"anonymous": LOGIN, "outsider": 404, ASSURER: 200, "*": 403},
        method="post",
    ),
    # Where each sentence comes from: the team and the quality assurer; the council gets 404, as for notes.
    "casework:letter-provenance": Row(
        review_url("letter-provenance", lambda w: w.render.pk, app="casework"),
        {**team_secret(200), ASSURER: 200},
    ),
    # The letter in the world is a draft: starting a correction is refused with a message.
    "casework:letter-correction": Row(
        review_url("letter-correction", app="casework"), managers_only(302), method="post"
    ),
    "casework:letter-correction-issue": Row(
        review_url("letter-correction-issue", app="casework"), managers_only(200)
    ),
    "casework:followup": Row(review_url("followup", app="casework"), members(200)),
    "casework:action-create": Row(review_url("action-create", app="casework"), council_only(200)),
    "casework:action-edit": Row(
        review_url("action-edit", lambda w: w.action.pk, app="casework"), council_only(200)
    ),
    "casework:progress-create": Row(
        review_url("progress-create", lambda w: w.action.pk, app="casework"), council_only(200)
    ),
    "casework:progress-evidence": Row(
        review_url("progress-evidence", lambda w: w.update.pk, app="casework"), members(200)
    ),
    "casework:checkin": Row(review_url("checkin", lambda w: w.checkin.pk, app="casework"), members(200)),
    # Everyone on the review but its manager, who reads the answers.
    "casework:evaluation": Row(
        review_url("evaluation", app="casework"), {**members(200), Role.REVIEW_MANAGER.value: 403}
    ),
    "casework:close": Row(review_url("close", app="casework"), managers_only(302), method="post"),
    "casework:programme": Row(lambda w: reverse("casework:programme"), programme_managers(200)),
    # The admin guards all of its pages with is_staff; its index stands for them (see below).
    "admin:index": Row(lambda w: reverse("admin:index"), {"superuser": 200, "*": ADMIN_LOGIN}),
}
