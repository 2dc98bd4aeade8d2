from django.dispatch import Signal

# Sent after a review moves stage, with review, from_stage and to_stage. Apps to the
# right of reviews (teams, casework) listen, so reviews never imports them.
stage_changed = Signal()

# Sent after a review's on-site week moves to new dates, with review, from_start, to_start and by:
# casework moves the timetable by the same number of working days.
review_postponed = Signal()

# Sent after a person is removed from a review, with review, user and by: teams opens the place
# they held on the team again.
member_removed = Signal()

# Sent after a review is called off, with review and by: teams releases the team.
review_called_off = Signal()
