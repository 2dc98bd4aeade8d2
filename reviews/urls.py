from django.urls import path

from .views import councils, framework, invitations, reviews

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
