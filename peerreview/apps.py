import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("peerreview")


class PeerreviewConfig(AppConfig):
    name = "peerreview"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import note_second_step, touch_session

        def signed_in(sender, request, user, **kwargs):
            touch_session(request.session)
            note_second_step(request, user)

        user_logged_in.connect(signed_in, dispatch_uid="peerreview.signed_in")
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("No REDIS_URL or CELERY_BROKER_URL set: background tasks run in-process.")
