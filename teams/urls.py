from django.urls import path

from peerreview.ratelimit import rate_limited

from .views import planning, pool, team

app_name = "teams"

urlpatterns = [
    path("pool/", pool.peer_list, name="peer-list"),
    path("pool/new/", pool.peer_create, name="peer-create"),
    path("pool/<int:pk>/", pool.peer_detail, name="peer-detail"),
    path("pool/<int:pk>/edit/", pool.peer_edit, name="peer-edit"),
    path("pool/<int:pk>/unavailable/new/", pool.unavailability_create, name="unavailability-create"),
    path(
        "pool/<int:pk>/unavailable/<int:item_pk>/delete/",
        pool.unavailability_delete,
        name="unavailability-delete",
    ),
    path("pool/<int:pk>/conflicts/new/", pool.conflict_create, name="conflict-create"),
    path("pool/<int:pk>/employment/new/", pool.employment_create, name="employment-create"),
    path("pool/<int:pk>/employment/<int:item_pk>/delete/", pool.employment_delete, name="employment-delete"),
    path("pool/<int:pk>/conflicts/check/", pool.conflict_check, name="conflict-check"),
    path("pool/import/", pool.import_upload, name="import-upload"),
    path("pool/import/template.csv", pool.import_template, name="import-template"),
    path("pool/import/<int:pk>/", pool.import_detail, name="import-detail"),
    path("pool/import/<int:pk>/confirm/", pool.import_confirm, name="import-confirm"),
    path("profile/", pool.my_profile, name="my-profile"),
    path("profile/edit/", pool.my_profile_edit, name="my-profile-edit"),
    path("profile/unavailable/new/", pool.my_unavailability_create, name="my-unavailability-create"),
    path("season-plans/", planning.plan_list, name="plan-list"),
    path("season-plans/<int:pk>/", planning.plan_detail, name="plan-detail"),
    path("season-plans/<int:pk>/accept/", planning.plan_accept, name="plan-accept"),
    path("season-plans/<int:pk>/again/", planning.plan_replan, name="plan-replan"),
    path("reviews/<int:pk>/team/", team.team, name="team"),
    path("reviews/<int:pk>/team/places/new/", team.slot_add, name="slot-add"),
    path("reviews/<int:pk>/team/places/<int:slot_pk>/tbc/", team.slot_tbc, name="slot-tbc"),
    path("reviews/<int:pk>/team/places/<int:slot_pk>/remove/", team.slot_remove, name="slot-remove"),
    path("reviews/<int:pk>/team/places/<int:slot_pk>/candidates/", team.candidates, name="candidates"),
    path("reviews/<int:pk>/team/places/<int:slot_pk>/invite/<int:peer_pk>/", team.invite, name="invite"),
    path(
        "reviews/<int:pk>/team/invitations/<int:invitation_pk>/withdraw/",
        team.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("reviews/<int:pk>/team/send/", team.team_send, name="team-send"),
    path("reviews/<int:pk>/team/agreement/", team.team_respond, name="team-respond"),
    path(
        "team-invitations/<str:token>/",
        rate_limited("team-invitation")(team.invitation_respond),
        name="invitation-respond",
    ),
]
