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
from .progress import Judgement, ProgressReview
from .scheduling import ChangeEmail, PeerDay, SessionRequest, WeekPlan
from .signoff import CheckAcknowledgement, ProvenanceSnapshot, SignOff, SignOffComment
from .timetable import (
    CalendarFeed,
    Participant,
    Programme,
    Session,
    SessionDraft,
    TimetableChange,
    TimetableView,
    TravelTime,
    Venue,
)
from .voices import FamilyAnswer, FamilyFeedback

__all__ = [
    "Action",
    "BriefingPack",
    "BriefingRender",
    "BriefingSection",
    "CalendarFeed",
    "ChangeEmail",
    "CheckAcknowledgement",
    "CheckIn",
    "DailySummary",
    "Evaluation",
    "FamilyAnswer",
    "FamilyFeedback",
    "FactualComment",
    "Finding",
    "FindingQuerySet",
    "HypothesisEvidence",
    "Judgement",
    "Letter",
    "LetterRender",
    "LetterSection",
    "Note",
    "NoteQuerySet",
    "NoteRevision",
    "Participant",
    "PeerDay",
    "Programme",
    "ProgressReview",
    "ProgressUpdate",
    "ProvenanceSnapshot",
    "ReminderSent",
    "Session",
    "SessionDraft",
    "SessionRequest",
    "SignOff",
    "SignOffComment",
    "TimetableChange",
    "TimetableView",
    "TravelTime",
    "Venue",
    "WeekPlan",
]
