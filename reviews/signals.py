from django.dispatch import Signal

# Sent after a review moves stage, with review, from_stage and to_stage. Apps to the
# right of reviews (teams, casework) listen, so reviews never imports them.
stage_changed = Signal()
