"""For sites that run cron instead of Celery beat: send the follow-up reminders that are due."""

from django.core.management.base import BaseCommand

from casework.services import followup


class Command(BaseCommand):
    help = "Email council contacts about check-ins due in a week or overdue. Running it twice sends nothing twice."

    def handle(self, *args, **options):
        sent = followup.send_followup_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
