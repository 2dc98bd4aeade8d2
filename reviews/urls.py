from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/invitations/new/", views.invitation_create, name="invitation-create"),
    path(
        "<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        views.invitation_revoke,
        name="invitation-revoke",
    ),
]
