import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("peerreview")


class PeerreviewConfig(AppConfig):
    name = "peerreview"
    verbose_name = "Accounts"

    def ready(self):
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("No REDIS_URL or CELERY_BROKER_URL set: background tasks run in-process.")
