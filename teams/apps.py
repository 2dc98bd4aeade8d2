from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Teams and the peer pool"

    def ready(self):
        from peerreview import jobs
        from reviews.signals import stage_changed

        from . import services
        from .models import PeerImport

        stage_changed.connect(services.on_stage_changed, dispatch_uid="teams.create_slots")
        jobs.register(PeerImport)
