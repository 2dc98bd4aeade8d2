from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "On-site work, letter and follow-up"

    def ready(self):
        from peerreview import jobs
        from reviews.signals import review_postponed

        from .models import BriefingRender, ChangeEmail, LetterRender, WeekPlan
        from .services import timetable

        jobs.register(LetterRender)
        jobs.register(BriefingRender)
        jobs.register(WeekPlan)
        jobs.register(ChangeEmail)
        review_postponed.connect(timetable.on_review_postponed, dispatch_uid="casework.move_timetable")
