"""The Celery application. Configured from Django settings prefixed CELERY_."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerreview.settings")

app = Celery("peerreview")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
