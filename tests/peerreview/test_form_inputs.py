"""Every input on every page is a GOV.UK input: number, time, date, web address and file inputs included.

The pages are the access matrix's: each one a review manager, the council's organiser and a peer
may open is fetched, and its inputs are read as a browser would see them.
"""

from html.parser import HTMLParser

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casework.models import Venue
from peerreview.forms import GDSFormMixin
from reviews.models import Role
from tests.security.matrix import MATRIX
from tests.security.world import furnish

TEXT_LIKE = {"text", "number", "email", "url", "tel", "search", "password", "date", "time", "datetime-local"}
WIDTH = ("govuk-input--width-", "govuk-!-width-")


class Inputs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inputs = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def inputs_on(html):
    parser = Inputs()
    parser.feed(html)
    return parser.inputs


def problems(inputs):
    """What a user would see as a browser's bare default: the inputs without their GOV.UK class."""
    found = []
    for attrs in inputs:
        kind = attrs.get("type", "text")
        classes = (attrs.get("class") or "").split()
        name = attrs.get("name")
        if kind == "file" and "govuk-file-upload" not in classes:
            found.append(f"file input {name} has class {classes}")
        elif kind in TEXT_LIKE and "govuk-input" not in classes:
            found.append(f"{kind} input {name} has class {classes}")
        elif (kind == "number" or attrs.get("inputmode") == "numeric") and not any(
            c.startswith(WIDTH) for c in classes
        ):
            found.append(f"{kind} input {name} is as wide as the page: {classes}")
    return found


@pytest.mark.django_db
def test_every_page_renders_gov_uk_inputs(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_TASK_ALWAYS_EAGER = True
    furnish(world)
    # A second venue, so the travel-times form has a pair to ask about.
    Venue.objects.create(review=world.review, name="Family Hub")
    seen, failures = {}, []
    for role in (Role.REVIEW_MANAGER, Role.COUNCIL_ORGANISER, Role.PEER):
        client.force_login(world.user(role))
        for name, row in sorted(MATRIX.items()):
            if row.method != "get" or name == "admin:index":
                continue
            response = client.get(row.url(world))
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            inputs = inputs_on(response.content.decode())
            for attrs in inputs:
                seen.setdefault(attrs.get("type", "text"), name)
            failures += [f"{role} {name}: {problem}" for problem in problems(inputs)]
    assert failures == []
    # The pages the issue named were among those read.
    for kind in ("number", "file", "url"):
        assert kind in seen, f"no page showed a {kind} input"


def test_a_wrong_time_and_link_are_narrow_gov_uk_inputs_marked_in_red(client, world):
    """Session times and the joining link: GOV.UK inputs, marked as wrong beside their message."""
    client.force_login(world.user(Role.REVIEW_MANAGER))
    page = client.post(
        reverse("casework:session-create", args=[world.review.pk]),
        {"kind": "interview", "title": "Front door", "day": world.review.onsite_start.isoformat(),
         "starts": "half past", "ends": "11:00", "remote_link": "not a link"},
    )  # fmt: skip
    assert page.status_code == 200
    inputs = {
        attrs.get("name"): set(attrs["class"].split())
        for attrs in inputs_on(page.content.decode())
        if "class" in attrs
    }
    assert inputs["starts"] == {"govuk-input", "govuk-input--width-5", "govuk-input--error"}
    assert inputs["ends"] == {"govuk-input", "govuk-input--width-5"}
    assert inputs["remote_link"] == {"govuk-input", "govuk-input--error"}


def test_a_width_on_the_widget_wins_over_the_default():
    class Form(GDSFormMixin, forms.Form):
        days = forms.IntegerField(widget=forms.NumberInput(attrs={"class": "govuk-input--width-2"}))
        minutes = forms.IntegerField()
        starts = forms.TimeField()
        on = forms.DateField()
        evidence = forms.FileField()

    form = Form()
    classes = {name: inputs_on(str(form[name]))[0]["class"].split() for name in form.fields}
    assert classes == {
        "days": ["govuk-input", "govuk-input--width-2"],
        "minutes": ["govuk-input", "govuk-input--width-4"],
        "starts": ["govuk-input", "govuk-input--width-5"],
        "on": ["govuk-input", "govuk-input--width-10"],
        "evidence": ["govuk-file-upload"],
    }
    wrong = Form(data={"days": "x"}, files={"evidence": SimpleUploadedFile("a.pdf", b"")})
    assert "govuk-file-upload--error" in inputs_on(str(wrong["evidence"]))[0]["class"].split()
