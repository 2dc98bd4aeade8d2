"""casework\x27s forms, one module per sub-domain: timetable, notes (and findings), letter, follow-up."""
