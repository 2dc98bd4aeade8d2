"""Every URL the project serves, for every kind of visitor, with the expected answer.

A URL pattern without a row here fails ``test_every_url_pattern_has_a_row``, so a
new page cannot ship without someone deciding who may open it.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from reviews.models import Role
from tests.factories import InvitationFactory

LOGIN = "sign-in"  # redirected to the sign-in page
ADMIN_LOGIN = "admin-sign-in"  # redirected to the admin's own sign-in page
VISITORS = ["anonymous", "outsider", *[role.value for role in Role]]
TEAM = {Role.REVIEW_MANAGER, Role.TEAM_LEADER, Role.PEER, Role.ANALYST_PEER}
COUNCIL = {Role.COUNCIL_SPONSOR, Role.COUNCIL_ORGANISER}


@dataclass
class Row:
    url: Callable
    expect: dict
    method: str = "get"

    def expected_for(self, visitor):
        if visitor in self.expect:
            return self.expect[visitor]
        return self.expect["*"]


def everyone(answer):
    return {"*": answer}


def signed_in(answer):
    return {"anonymous": LOGIN, "*": answer}


def members(answer):
    return {"anonymous": LOGIN, "outsider": 404, "*": answer}


def managers_only(answer):
    return {"anonymous": LOGIN, "outsider": 404, Role.REVIEW_MANAGER.value: answer, "*": 403}


MATRIX = {
    "dashboard": Row(lambda w: reverse("dashboard"), signed_in(200)),
    "healthz": Row(lambda w: reverse("healthz"), everyone(200)),
    "sign-in": Row(lambda w: reverse("sign-in"), {"anonymous": 200, "*": 302}),
    "sign-out": Row(lambda w: reverse("sign-out"), everyone(302), method="post"),
    "password_change": Row(lambda w: reverse("password_change"), signed_in(200)),
    "password_change_done": Row(lambda w: reverse("password_change_done"), signed_in(200)),
    "password_reset": Row(lambda w: reverse("password_reset"), everyone(200)),
    "password_reset_done": Row(lambda w: reverse("password_reset_done"), everyone(200)),
    "password_reset_confirm": Row(
        lambda w: reverse("password_reset_confirm", args=["MQ", "not-a-token"]), everyone(200)
    ),
    "password_reset_complete": Row(lambda w: reverse("password_reset_complete"), everyone(200)),
    # Holding the link is the credential; what the page offers depends on who opens it.
    "invitation-accept": Row(
        lambda w: reverse("invitation-accept", args=[w.invitation.token]), everyone(200)
    ),
    "reviews:detail": Row(lambda w: reverse("reviews:detail", args=[w.review.pk]), members(200)),
    "reviews:invitation-create": Row(
        lambda w: reverse("reviews:invitation-create", args=[w.review.pk]), managers_only(200)
    ),
    "reviews:invitation-revoke": Row(
        lambda w: reverse("reviews:invitation-revoke", args=[w.review.pk, w.invitation.pk]),
        managers_only(302),
        method="post",
    ),
    # The admin guards all of its pages with is_staff; its index stands for them (see below).
    "admin:index": Row(lambda w: reverse("admin:index"), everyone(ADMIN_LOGIN)),
}


def url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver) and pattern.namespace == "admin":
            yield "admin:index"
        elif isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"URL pattern {pattern.pattern} has no name, so it cannot have a row"
            yield namespace + pattern.name


def test_every_url_pattern_has_a_row():
    served = set(url_names())
    assert served - set(MATRIX) == set(), "URL patterns with no row in the access matrix"
    assert set(MATRIX) - served == set(), "Rows for URL patterns that no longer exist"


@pytest.fixture
def matrix_world(world, settings):
    # /healthz answers 503 when a configured service is down; here only access is in question.
    settings.REDIS_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    world.invitation = InvitationFactory(review=world.review, invited_by=world.people[Role.REVIEW_MANAGER])
    return world


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_access(client, matrix_world, name, visitor):
    row = MATRIX[name]
    if visitor != "anonymous":
        client.force_login(matrix_world.user(visitor))
    url = row.url(matrix_world)
    response = getattr(client, row.method)(url)
    expected = row.expected_for(visitor)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("sign-in") + "?next=")
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected, f"{visitor} {row.method.upper()} {url}"


def test_staff_reach_the_admin(client, db):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:index")).status_code == 200
