"""Who gets which answer: the expectations the access matrix's rows are written with."""

from collections.abc import Callable
from dataclasses import dataclass

from reviews.models import Role

LOGIN = "sign-in"  # redirected to the sign-in page
ADMIN_LOGIN = "admin-sign-in"  # redirected to the admin's own sign-in page
VISITORS = ["anonymous", "outsider", "superuser", *[role.value for role in Role]]
COUNCIL_ROLES = [Role.COUNCIL_SPONSOR.value, Role.COUNCIL_ORGANISER.value]
FINDING_EDITORS = [Role.REVIEW_MANAGER.value, Role.TEAM_LEADER.value]
# Approves the letter; not on the team, so the team's own material answers them as it does the council.
ASSURER = Role.QUALITY_ASSURER.value


@dataclass
class Row:
    url: Callable
    expect: dict
    method: str = "get"

    def expected_for(self, visitor):
        if visitor in self.expect:
            return self.expect[visitor]
        if visitor == "superuser" and self.expect.get("outsider") == 404:
            # A superuser on no review is a stranger to it, like a manager of another review;
            # elsewhere they are a signed-in person with no role (programme pages need the flag).
            return 404
        return self.expect["*"]


def everyone(answer):
    return {"*": answer}


def signed_in(answer):
    return {"anonymous": LOGIN, "*": answer}


def members(answer):
    return {"anonymous": LOGIN, "outsider": 404, "*": answer}


def managers_only(answer):
    return {"anonymous": LOGIN, "outsider": 404, Role.REVIEW_MANAGER.value: answer, "*": 403}


def team_only(answer):
    """The review team's own material: never the council."""
    return {"anonymous": LOGIN, "outsider": 404, **dict.fromkeys([*COUNCIL_ROLES, ASSURER], 403), "*": answer}


def team_secret(answer, allowed=None):
    """Notes and the evidence: the team only; the council and strangers get 404, as if nothing were there."""
    expect = {
        "anonymous": LOGIN,
        "outsider": 404,
        **dict.fromkeys([*COUNCIL_ROLES, ASSURER], 404),
        "*": answer,
    }
    if allowed is not None:
        expect.update({role: answer for role in allowed})
        expect["*"] = 403
    return expect


def letter_writers(answer):
    """The team leader and the review manager write the letter."""
    return {"anonymous": LOGIN, "outsider": 404, **dict.fromkeys(FINDING_EDITORS, answer), "*": 403}


def council_and_manager(answer):
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        **dict.fromkeys(COUNCIL_ROLES, answer),
        Role.REVIEW_MANAGER.value: answer,
        "*": 403,
    }


def council_only(answer):
    return {"anonymous": LOGIN, "outsider": 404, **dict.fromkeys(COUNCIL_ROLES, answer), "*": 403}


def timetable_editors(answer):
    """The review manager and the council organiser (the organiser before the week starts)."""
    return {
        "anonymous": LOGIN,
        "outsider": 404,
        Role.REVIEW_MANAGER.value: answer,
        Role.COUNCIL_ORGANISER.value: answer,
        "*": 403,
    }


def programme_managers(answer):
    """Programme pages (councils, framework, the review list): any review manager, nobody else."""
    return {"anonymous": LOGIN, "outsider": answer, Role.REVIEW_MANAGER.value: answer, "*": 403}


def own_profile(answer):
    """Pages about the signed-in peer's own pool profile (the world's peer has one)."""
    return {"anonymous": LOGIN, Role.PEER.value: answer, "*": 403}
