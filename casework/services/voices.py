"""Hearing from children, young people and families: open the form, take an answer, read what may be shown."""

from django.db import transaction
from django.utils import timezone

from reviews.anonymity import disclosable
from reviews.services import ActionRefused

from ..models import FamilyAnswer, FamilyFeedback
from ..queries import participant_names
from .notes import names_in, replace_names

MASK = "[name removed]"
QUESTIONS = [
    ("listened_to", "Do the people who help you listen to you?"),
    ("feel_safer", "Do you feel safer because of the help you get?"),
    ("know_who_to_tell", "Do you know who to tell if you are worried?"),
]


class ClosingDateRefused(ActionRefused):
    """The closing date was refused: the form shows why next to the date."""


@transaction.atomic
def open_family_feedback(review, *, closes_on, help_contact, by):
    """Open the form, or change its closing date and help line. A closing date must not already be past."""
    if closes_on < timezone.localdate():
        raise ClosingDateRefused("The last day for answers must be today or in the future.")
    feedback, created = FamilyFeedback.objects.select_for_update().get_or_create(
        review=review, defaults={"closes_on": closes_on, "help_contact": help_contact, "opened_by": by}
    )
    if not created:
        feedback.closes_on, feedback.help_contact = closes_on, help_contact
        feedback.save(update_fields=["closes_on", "help_contact"])
    return feedback


def submit_family_answer(feedback, **answers):
    """Keep one set of answers. Nothing about who sent it is kept: the browser remembers, the server does not."""
    if not feedback.is_open:
        raise ActionRefused("This form has closed.")
    return FamilyAnswer.objects.create(feedback=feedback, **answers)


def _screened(texts, names):
    """Free text as the team may read it: a text naming a recorded participant has the name masked."""
    masks = [(name, MASK) for name, _ in names]
    return [
        {"text": replace_names(text, masks), "flagged": True} if names_in(text, names) else {"text": text}
        for text in texts
    ]


def family_results(feedback):
    """What the team may see. Nothing until 5 or more have answered; children and parents apart only where each
    group has 5 or more (reviews.anonymity); free text screened with the notes' name check, in no set order."""
    answers = list(feedback.answers.order_by("?").values())
    counts = {}
    for answer in answers:
        counts[answer["who"]] = counts.get(answer["who"], 0) + 1
    disclosure = disclosable(counts)
    results = {"total": len(answers), "shown": disclosure.results_shown, "minimum": disclosure.minimum}
    if not disclosure.results_shown:
        return results
    groups = [("all", "Everyone")]
    if len(disclosure.shown) > 1:
        groups += [(key, label) for key, label in FamilyAnswer.Who.choices if key in disclosure.shown]
    replies = FamilyAnswer.Reply.choices
    results["groups"] = [label for _, label in groups]
    results["questions"] = [
        {
            "text": text,
            "rows": [
                {
                    "reply": label,
                    "counts": [
                        sum(1 for a in answers if a[field] == value and key in ("all", a["who"]))
                        for key, _ in groups
                    ],
                }
                for value, label in replies
            ],
        }
        for field, text in QUESTIONS
    ]
    names = participant_names(feedback.review)
    results["what_is_good"] = _screened(
        [a["what_is_good"] for a in answers if a["what_is_good"].strip()], names
    )
    results["what_would_help"] = _screened(
        [a["what_would_help"] for a in answers if a["what_would_help"].strip()], names
    )
    return results
