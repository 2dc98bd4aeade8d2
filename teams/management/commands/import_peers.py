"""Import the peer pool from a CSV file in the documented layout (see the pool's import page)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from teams import importing


class Command(BaseCommand):
    help = "Import peers from CSV. Checks every row first; imports nothing if any row has a problem, unless --skip-invalid."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows and skip the others."
        )

    def handle(self, *args, file, skip_invalid, **options):
        try:
            text = importing.decode(file.read_bytes())
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}") from None
        except ValueError as problem:
            raise CommandError(str(problem)) from None
        rows, errors = importing.parse(text)
        for error in errors:
            self.stderr.write(f"Line {error['line']}, column {error['column'] or '-'}: {error['message']}")
        if errors and not skip_invalid:
            raise CommandError(
                f"{len(errors)} problem(s) found; nothing imported. Use --skip-invalid to import the {len(rows)} valid row(s)."
            )
        created, updated = importing.write_rows(rows)
        self.stdout.write(self.style.SUCCESS(f"{created} peer(s) added, {updated} updated."))
