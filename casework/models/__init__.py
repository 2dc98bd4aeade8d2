"""casework's models, one module per sub-domain; the classes are re-exported here for Django and callers."""

from .briefing import BriefingPack, BriefingRender, BriefingSection
from .followup import Action, CheckIn, Evaluation, ProgressUpdate, ReminderSent
from .letter import FactualComment, Letter, LetterRender, LetterSection
from .notes import DailySummary, Finding, FindingQuerySet, HypothesisEvidence, Note, NoteQuerySet
from .signoff import CheckAcknowledgement, ProvenanceSnapshot, SignOff, SignOffComment
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
    "CheckAcknowledgement",
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
    "Participant",
    "Programme",
    "ProgressUpdate",
    "ProvenanceSnapshot",
    "ReminderSent",
    "Session",
    "SignOff",
    "SignOffComment",
    "TimetableChange",
    "TimetableView",
    "TravelTime",
    "Venue",
]
