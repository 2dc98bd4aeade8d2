"""Operations that change reviews: one function per user action, each in a transaction."""

from .errors import ActionRefused
from .invitations import (
    InvitationUnusable,
    accept_invitation,
    deliver_invitation,
    grant_membership,
    invite_member,
    register_from_invitation,
    revoke_invitation,
)
from .plan import (
    build_plan,
    mark_milestone,
    mark_milestone_done_by_system,
    move_stage,
    reschedule_milestone,
    stage_blockers,
)
from .scoping import (
    add_local_line,
    create_review,
    respond_to_scope,
    scope_changes_since_agreement,
    scope_snapshot,
    send_scope,
    tailor_lines,
    update_review,
)

__all__ = [
    "InvitationUnusable",
    "ActionRefused",
    "accept_invitation",
    "add_local_line",
    "build_plan",
    "create_review",
    "deliver_invitation",
    "grant_membership",
    "invite_member",
    "mark_milestone",
    "mark_milestone_done_by_system",
    "move_stage",
    "register_from_invitation",
    "reschedule_milestone",
    "respond_to_scope",
    "revoke_invitation",
    "scope_changes_since_agreement",
    "scope_snapshot",
    "send_scope",
    "stage_blockers",
    "tailor_lines",
    "update_review",
]
