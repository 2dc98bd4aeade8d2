"""The project's routes plus the benchmark's floor, as the benchmark's gunicorn (BENCH_FLOOR=1) has them."""

from django.urls import include, path

urlpatterns = [path("", include("peerreview.urls")), path("", include("casework.bench.floor"))]
