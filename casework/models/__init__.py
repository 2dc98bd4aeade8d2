"""casework's models, one module per sub-domain; the classes are re-exported here for Django and callers."""

from .briefing import BriefingPack, BriefingRender, BriefingSection
from .followup import Action, CheckIn, Evaluation, ProgressUpdate, ReminderSent
from .letter import FactualComment, Letter, LetterRender, LetterSection
from .notes import (
    DailySummary,
    Finding,
    FindingQuerySet,
    HypothesisEvidence,
    Note,
    NoteQuerySet,
    NoteRevision,
)
from .timetable import (
    CalendarFeed,
    Participant,
    Programme,
    Session,
    TimetableChange,
    TimetableView,
    TravelTime,
    Venue,
)

__all__ = [
    "Action",
    "BriefingPack",
    "BriefingRender",
    "BriefingSection",
    "CalendarFeed",
    "CheckIn",
    "DailySummary",
    "Evaluation",
    "FactualComment",
    "Finding",
    "FindingQuerySet",
    "HypothesisEvidence",
    "Letter",
    "LetterRender",
    "LetterSection",
    "Note",
    "NoteQuerySet",
    "NoteRevision",
    "Participant",
    "Programme",
    "ProgressUpdate",
    "ReminderSent",
    "Session",
    "TimetableChange",
    "TimetableView",
    "TravelTime",
    "Venue",
]
