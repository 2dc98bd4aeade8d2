from django.urls import path

from peerreview.ratelimit import rate_limited

from .views import (
    audit,
    councils,
    evidence,
    framework,
    invitations,
    library,
    people,
    questionnaire,
    requests,
    reviews,
)

app_name = "reviews"

urlpatterns = [
    # Holding the link is the credential: no sign-in needed to open it.
    path(
        "invitations/<str:token>/",
        rate_limited("invitation")(invitations.invitation_accept),
        name="invitation-accept",
    ),
    # Anonymous staff and partners answer through this secret link, without an account.
    path(
        "questionnaire/<str:token>/",
        rate_limited("questionnaire")(questionnaire.questionnaire_answer),
        name="questionnaire-answer",
    ),
    path("reviews/", reviews.review_list, name="list"),
    path("reviews/new/", reviews.review_create, name="create"),
    path("reviews/<int:pk>/", reviews.review_detail, name="detail"),
    path("reviews/<int:pk>/edit/", reviews.review_edit, name="edit"),
    path("reviews/<int:pk>/scope/", reviews.scope_detail, name="scope"),
    path("reviews/<int:pk>/scope/send/", reviews.scope_send, name="scope-send"),
    path("reviews/<int:pk>/lines/", reviews.lines_edit, name="lines"),
    path("reviews/<int:pk>/lines/new/", reviews.local_line_create, name="local-line-create"),
    path("reviews/<int:pk>/plan/", reviews.plan, name="plan"),
    path("reviews/<int:pk>/plan/<int:milestone_pk>/date/", reviews.milestone_edit, name="milestone-edit"),
    path("reviews/<int:pk>/plan/<int:milestone_pk>/done/", reviews.milestone_toggle, name="milestone-toggle"),
    path("reviews/<int:pk>/stage/", reviews.stage_move, name="stage"),
    path("reviews/<int:pk>/postpone/", reviews.review_postpone, name="postpone"),
    path("reviews/<int:pk>/call-off/", reviews.review_call_off, name="call-off"),
    path("reviews/<int:pk>/invitations/new/", invitations.invitation_create, name="invitation-create"),
    path(
        "reviews/<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        invitations.invitation_revoke,
        name="invitation-revoke",
    ),
    path("reviews/<int:pk>/library/", library.library, name="library"),
    path("reviews/<int:pk>/library/upload/", library.document_upload, name="document-upload"),
    path("reviews/<int:pk>/library/requests/", requests.document_requests, name="document-requests"),
    path(
        "reviews/<int:pk>/library/requests/new/",
        requests.document_request_create,
        name="document-request-create",
    ),
    path(
        "reviews/<int:pk>/library/requests/upload/",
        requests.document_requests_upload,
        name="document-requests-upload",
    ),
    path(
        "reviews/<int:pk>/library/requests/<int:request_pk>/",
        requests.document_request_detail,
        name="document-request-detail",
    ),
    path(
        "reviews/<int:pk>/library/requests/<int:request_pk>/accept/",
        requests.document_request_accept,
        name="document-request-accept",
    ),
    path(
        "reviews/<int:pk>/library/requests/<int:request_pk>/return/",
        requests.document_request_return,
        name="document-request-return",
    ),
    path(
        "reviews/<int:pk>/library/requests/<int:request_pk>/not-available/",
        requests.document_request_not_available,
        name="document-request-not-available",
    ),
    path(
        "reviews/<int:pk>/library/requests/<int:request_pk>/close/",
        requests.document_request_close,
        name="document-request-close",
    ),
    path("reviews/<int:pk>/library/<int:document_pk>/", library.document_detail, name="document-detail"),
    path("reviews/<int:pk>/library/<int:document_pk>/keep/", library.document_keep, name="document-keep"),
    path(
        "reviews/<int:pk>/library/<int:document_pk>/versions/<int:version_pk>/download/",
        library.document_download,
        name="document-download",
    ),
    path("reviews/<int:pk>/self-evaluation/", evidence.self_evaluation, name="self-evaluation"),
    path("reviews/<int:pk>/questionnaire/", questionnaire.questionnaire, name="questionnaire"),
    path(
        "reviews/<int:pk>/questionnaire/statements/new/",
        questionnaire.statement_create,
        name="statement-create",
    ),
    path(
        "reviews/<int:pk>/questionnaire/statements/<int:statement_pk>/delete/",
        questionnaire.statement_delete,
        name="statement-delete",
    ),
    path(
        "reviews/<int:pk>/questionnaire/new-link/",
        questionnaire.questionnaire_new_link,
        name="questionnaire-new-link",
    ),
    path(
        "reviews/<int:pk>/questionnaire/codes/",
        questionnaire.questionnaire_codes,
        name="questionnaire-codes",
    ),
    path(
        "reviews/<int:pk>/questionnaire/results/",
        questionnaire.questionnaire_results,
        name="questionnaire-results",
    ),
    path("reviews/<int:pk>/case-exercises/", evidence.case_exercises, name="case-exercises"),
    path(
        "reviews/<int:pk>/case-exercises/<str:kind>/", evidence.case_exercise_edit, name="case-exercise-edit"
    ),
    path("reviews/<int:pk>/hypotheses/", evidence.hypotheses, name="hypotheses"),
    path("reviews/<int:pk>/hypotheses/new/", evidence.hypothesis_edit, name="hypothesis-create"),
    path(
        "reviews/<int:pk>/hypotheses/<int:hypothesis_pk>/", evidence.hypothesis_edit, name="hypothesis-edit"
    ),
    path("reviews/<int:pk>/early-findings/new/", evidence.early_finding_create, name="early-finding-create"),
    path("reviews/<int:pk>/audit/", audit.audit_trail, name="audit"),
    path(
        "reviews/<int:pk>/people/<int:user_pk>/reset-two-factor/",
        people.reset_two_factor,
        name="reset-two-factor",
    ),
    path("reviews/<int:pk>/people/<int:user_pk>/remove/", people.remove_member, name="member-remove"),
    path("councils/", councils.council_list, name="council-list"),
    path("councils/new/", councils.council_create, name="council-create"),
    path("councils/<int:pk>/", councils.council_detail, name="council-detail"),
    path("councils/<int:pk>/edit/", councils.council_edit, name="council-edit"),
    path("councils/<int:pk>/inspections/new/", councils.inspection_create, name="inspection-create"),
    path(
        "councils/<int:pk>/inspections/<int:window_pk>/delete/",
        councils.inspection_delete,
        name="inspection-delete",
    ),
    path("framework/", framework.framework, name="framework"),
    path("framework/themes/<int:pk>/", framework.theme_edit, name="theme-edit"),
    path("framework/themes/<int:pk>/lines/new/", framework.line_create, name="line-create"),
    path("framework/lines/<int:pk>/", framework.line_edit, name="line-edit"),
]
