"""The one place every app is wired together: it only includes each app's routes."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("peerreview.routes")),
    path("", include("reviews.urls")),
    path("", include("teams.urls")),
    path("", include("casework.urls")),
    path("admin/", admin.site.urls),
]

# The benchmark's floor (casework/bench/floor.py): only in the benchmark's own gunicorn.
if settings.BENCH_FLOOR:
    urlpatterns.append(path("", include("casework.bench.floor")))
