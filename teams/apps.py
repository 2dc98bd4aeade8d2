from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Teams and the peer pool"

    def ready(self):
        from peerreview import jobs
        from reviews.signals import member_removed, review_called_off, stage_changed

        from . import services
        from .models import PeerImport, SeasonPlan

        stage_changed.connect(services.on_stage_changed, dispatch_uid="teams.create_slots")
        review_called_off.connect(services.on_review_called_off, dispatch_uid="teams.release_team")
        member_removed.connect(services.on_member_removed, dispatch_uid="teams.open_place")
        jobs.register(PeerImport)
        jobs.register(SeasonPlan)
