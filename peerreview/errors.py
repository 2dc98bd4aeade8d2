class ActionRefused(Exception):
    """A user action that cannot be carried out now; the message says why, in plain English."""
