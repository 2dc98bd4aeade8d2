from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "On-site work, letter and follow-up"

    def ready(self):
        from peerreview import jobs

        from .models import LetterRender

        jobs.register(LetterRender)
