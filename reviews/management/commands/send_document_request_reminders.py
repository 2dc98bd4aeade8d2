"""For sites that run cron instead of Celery beat: send the document request reminders that are due."""

from django.core.management.base import BaseCommand

from reviews.services import requests


class Command(BaseCommand):
    help = "Email the owners of document requests due soon or overdue. Running it twice sends nothing twice."

    def handle(self, *args, **options):
        sent = requests.send_document_request_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
