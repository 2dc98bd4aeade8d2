from .audit import AuditEvent
from .councils import Authority, InspectionWindow
from .evidence import (
    AgencyType,
    Answer,
    CaseExercise,
    Category,
    Document,
    DocumentRequest,
    DocumentVersion,
    EarlyFinding,
    Hypothesis,
    Questionnaire,
    QuestionnaireResponse,
    RoleLevel,
    SelfEvaluation,
    SelfEvaluationEntry,
    Statement,
)
from .framework import LineOfEnquiry, ReviewLine, ReviewTheme, Theme
from .membership import COUNCIL_ROLES, TEAM_ROLES, Invitation, Membership, Role
from .plan import Milestone, ScopeEvent, StageChange
from .review import COMMON_FOCUS_AREAS, Review

__all__ = [
    "AuditEvent",
    "AgencyType",
    "Answer",
    "CaseExercise",
    "Category",
    "Document",
    "DocumentRequest",
    "DocumentVersion",
    "EarlyFinding",
    "Hypothesis",
    "Questionnaire",
    "QuestionnaireResponse",
    "RoleLevel",
    "SelfEvaluation",
    "SelfEvaluationEntry",
    "Statement",
    "COMMON_FOCUS_AREAS",
    "COUNCIL_ROLES",
    "TEAM_ROLES",
    "Authority",
    "InspectionWindow",
    "Invitation",
    "LineOfEnquiry",
    "Membership",
    "Milestone",
    "Review",
    "ReviewLine",
    "ReviewTheme",
    "Role",
    "ScopeEvent",
    "StageChange",
    "Theme",
]
