from django.urls import path

from .views import councils, evidence, framework, invitations, reviews

app_name = "reviews"

urlpatterns = [
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
    path("reviews/<int:pk>/invitations/new/", invitations.invitation_create, name="invitation-create"),
    path(
        "reviews/<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        invitations.invitation_revoke,
        name="invitation-revoke",
    ),
    path("reviews/<int:pk>/library/", evidence.library, name="library"),
    path("reviews/<int:pk>/library/upload/", evidence.document_upload, name="document-upload"),
    path(
        "reviews/<int:pk>/library/requests/new/",
        evidence.document_request_create,
        name="document-request-create",
    ),
    path("reviews/<int:pk>/library/<int:document_pk>/", evidence.document_detail, name="document-detail"),
    path("reviews/<int:pk>/library/<int:document_pk>/keep/", evidence.document_keep, name="document-keep"),
    path(
        "reviews/<int:pk>/library/<int:document_pk>/versions/<int:version_pk>/download/",
        evidence.document_download,
        name="document-download",
    ),
    path("reviews/<int:pk>/self-evaluation/", evidence.self_evaluation, name="self-evaluation"),
    path("reviews/<int:pk>/questionnaire/", evidence.questionnaire, name="questionnaire"),
    path(
        "reviews/<int:pk>/questionnaire/statements/new/", evidence.statement_create, name="statement-create"
    ),
    path(
        "reviews/<int:pk>/questionnaire/statements/<int:statement_pk>/delete/",
        evidence.statement_delete,
        name="statement-delete",
    ),
    path(
        "reviews/<int:pk>/questionnaire/new-link/",
        evidence.questionnaire_new_link,
        name="questionnaire-new-link",
    ),
    path(
        "reviews/<int:pk>/questionnaire/results/",
        evidence.questionnaire_results,
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
    path("reviews/<int:pk>/audit/", evidence.audit_trail, name="audit"),
    path(
        "reviews/<int:pk>/people/<int:user_pk>/reset-two-factor/",
        invitations.reset_two_factor,
        name="reset-two-factor",
    ),
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
