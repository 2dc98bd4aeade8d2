import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("peerreview")


class PeerreviewConfig(AppConfig):
    name = "peerreview"
    verbose_name = "Accounts"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from .middleware import touch_session

        user_logged_in.connect(lambda sender, request, user, **kw: touch_session(request.session), weak=False)
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("No REDIS_URL or CELERY_BROKER_URL set: background tasks run in-process.")
