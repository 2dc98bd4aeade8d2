"""Operations that change reviews: one function per user action, each in a transaction."""

from .disruption import call_off_review, postpone_review
from .errors import ActionRefused
from .evidence import (
    new_questionnaire_link,
    open_questionnaire,
    questionnaire_results,
    record_download,
    request_document,
    save_case_exercise,
    save_self_evaluation,
    self_evaluation_of,
    submit_response,
    upload_documents,
)
from .invitations import (
    InvitationUnusable,
    accept_invitation,
    deliver_invitation,
    grant_membership,
    invite_member,
    register_from_invitation,
    revoke_invitation,
)
from .people import remove_member
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
    "call_off_review",
    "postpone_review",
    "new_questionnaire_link",
    "open_questionnaire",
    "questionnaire_results",
    "record_download",
    "request_document",
    "save_case_exercise",
    "save_self_evaluation",
    "self_evaluation_of",
    "submit_response",
    "upload_documents",
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
    "remove_member",
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
