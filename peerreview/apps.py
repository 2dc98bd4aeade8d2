import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("peerreview")


class PeerreviewConfig(AppConfig):
    name = "peerreview"
    verbose_name = "Accounts"

    def ready(self):
        from django.apps import apps
        from django.contrib.auth.signals import user_logged_in
        from django.db.models.signals import post_delete

        from . import jobs
        from .middleware import on_signed_in
        from .models import Message
        from .storage import delete_files_on_commit, has_files

        # A module-level receiver: signals hold receivers weakly, and a function made inside
        # ready() can be collected (it was, under gunicorn), silently skipping the second step.
        user_logged_in.connect(on_signed_in, dispatch_uid="peerreview.signed_in")
        jobs.register(Message)
        # Only models that hold files: a receiver for every model would stop Django's fast deletes.
        for model in filter(has_files, apps.get_models()):
            post_delete.connect(
                delete_files_on_commit, sender=model, dispatch_uid=f"files-{model._meta.label}"
            )
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("No REDIS_URL or CELERY_BROKER_URL set: background tasks run in-process.")
