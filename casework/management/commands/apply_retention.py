"""Delete notes, evidence links and library documents of reviews closed longer than RETENTION_MONTHS ago."""

from django.core.management.base import BaseCommand

from casework.services import retention


class Command(BaseCommand):
    help = "Apply the retention rule to closed reviews. With --dry-run, only list what would be deleted."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="List what would go; delete nothing.")

    def handle(self, *args, dry_run, **options):
        due = retention.apply_retention(dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        for item in due:
            self.stdout.write(
                f"{verb} {item.notes} notes and {len(item.documents)} documents of {item.review} "
                f"(closed {item.closed_on:%d/%m/%Y})."
            )
        if not due:
            self.stdout.write("Nothing is due for deletion.")
