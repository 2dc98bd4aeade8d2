from .councils import Authority, InspectionWindow
from .framework import LineOfEnquiry, ReviewLine, ReviewTheme, Theme
from .membership import COUNCIL_ROLES, TEAM_ROLES, Invitation, Membership, Role
from .plan import Milestone, ScopeEvent, StageChange
from .review import COMMON_FOCUS_AREAS, Review

__all__ = [
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
