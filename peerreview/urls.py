"""The one place every app is wired together: it only includes each app's routes."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("peerreview.routes")),
    path("", include("reviews.urls")),
    path("", include("teams.urls")),
    path("", include("casework.urls")),
    path("admin/", admin.site.urls),
]
