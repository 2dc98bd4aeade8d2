"""The programme's shared lists: councils, their inspection windows, and the framework."""

from django.db import transaction

from .. import audit
from ..models import InspectionWindow


@transaction.atomic
def save_council(council, *, neighbours=(), **fields):
    """Add or change a council, with the councils next to it (peers never review a neighbour)."""
    for name, value in fields.items():
        setattr(council, name, value)
    council.save()
    council.neighbours.set(neighbours)
    return council


def add_inspection_window(council, **fields):
    return InspectionWindow.objects.create(authority=council, **fields)


@transaction.atomic
def remove_inspection_window(window, *, by, request=None):
    window.delete()
    audit.record(
        audit.Action.DELETED, user=by, request=request, target=f"Inspection window of {window.authority}"
    )


def save_theme(theme, **fields):
    """Change a framework theme's wording. Reviews already scoped keep their own copy."""
    for name, value in fields.items():
        setattr(theme, name, value)
    theme.save()
    return theme


def save_line(line, **fields):
    """Add or change a framework line of enquiry. Reviews already scoped keep their own copy."""
    for name, value in fields.items():
        setattr(line, name, value)
    line.save()
    return line
