import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("peerreview")


class PeerreviewConfig(AppConfig):
    name = "peerreview"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from . import jobs
        from .middleware import on_signed_in
        from .models import Message

        # A module-level receiver: signals hold receivers weakly, and a function made inside
        # ready() can be collected (it was, under gunicorn), silently skipping the second step.
        user_logged_in.connect(on_signed_in, dispatch_uid="peerreview.signed_in")
        jobs.register(Message)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("No REDIS_URL or CELERY_BROKER_URL set: background tasks run in-process.")
