from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "teams"
    verbose_name = "Teams and the peer pool"

    def ready(self):
        from reviews.signals import stage_changed

        from . import services

        stage_changed.connect(services.on_stage_changed, dispatch_uid="teams.create_slots")
