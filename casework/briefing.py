"""The briefing pack's first draft, written from the review: (key, title, body) sections.

Only what the council may hand to all its staff and partners goes in: the review's purpose,
dates and venues, the team by name, role and organisation, the themes, and the contacts.
Never a note, a pool profile's private notes, or why a place on the team is still open.
"""

from reviews.models import Membership, Role
from teams.models import TeamSlot

from .models import Venue

INTERVIEW = (
    "An interview or focus group usually lasts about an hour. One or two members of the team will meet you, "
    "on your own or with colleagues in a similar role. They will ask about your work, what helps you keep "
    "children safe and what gets in the way, and how well agencies work together.\n\n"
    "There is nothing to prepare and nothing to bring. The team is not inspecting you or your cases: it wants to "
    "hear how things really are, so please be as open and honest as you can. If you cannot come at the time "
    "arranged, tell the council contact below as soon as you can."
)

NOT_ATTRIBUTED = (
    "Everything you tell the team is treated as non-attributable. The team's findings and its letter to the "
    "council never name you or say who said what, and the team's notes are seen by the team alone.\n\n"
    "The review is a real opportunity for candid feedback on how we work together to safeguard and promote the "
    "welfare of children. It is important that staff can speak freely about the strengths of their own agency, "
    "what needs to develop, and how well agencies work together."
)


def _when(review):
    if not review.onsite_start:
        return "The dates of the team's visit are still to be agreed."
    days = f"{review.onsite_start:%A %-d %B %Y}"
    if review.onsite_end and review.onsite_end != review.onsite_start:
        days = f"{review.onsite_start:%A %-d %B} to {review.onsite_end:%A %-d %B %Y}"
    text = f"The team will be on site from {days}."
    if review.feedback_workshop:
        text += f" It will feed back what it found, and lead a workshop on it, on {review.feedback_workshop:%A %-d %B %Y}."
    text += " A written feedback letter follows a few weeks later."
    return text


def _purpose(review):
    council = review.authority.name
    text = (
        f"{council} and its partners have invited a safeguarding children peer review. A team of experienced "
        "people from other councils and partner agencies will look at how well children are kept safe here.\n\n"
        "The review is not an inspection. The team comes as a critical friend: supportive but challenging, to "
        "help us celebrate our strengths and find what we should improve."
    )
    if review.purpose.strip():
        text += "\n\n" + " ".join(review.purpose.split())
    return text


def _dates(review):
    text = _when(review)
    venues = list(Venue.objects.filter(review=review))
    if venues:
        text += "\n\nThe team will work at:\n\n" + "\n".join(
            "- " + ", ".join(part for part in (v.name, " ".join(v.address.split())) if part) for v in venues
        )
    return text


def _team(review):
    lines = []
    for slot in TeamSlot.objects.filter(review=review).select_related("peer").order_by("position", "pk"):
        if slot.peer is None:
            lines.append(f"- {slot.get_role_display()}: to be confirmed")
            continue
        about = ", ".join(part for part in (slot.peer.job_title, slot.peer.organisation) if part)
        lines.append(f"- {slot.get_role_display()}: {slot.peer.full_name}" + (f" ({about})" if about else ""))
    if not lines:
        return "The team is still being put together."
    return (
        "The team is made up of senior staff and councillors from other councils and partner agencies:\n\n"
        + "\n".join(lines)
    )


def _themes(review):
    themes = [theme.title for theme in review.themes.all()]
    text = (
        "The team structures its questions around these themes of the peer review framework:\n\n"
        + "\n".join(f"- {title}" for title in themes)
        if themes
        else "The themes of the review are still being agreed."
    )
    if review.focus_areas:
        text += "\n\nThe council has asked the team to look closely at:\n\n" + "\n".join(
            f"- {area}" for area in review.focus_areas
        )
    return text


def _contacts(review):
    lines = []
    wanted = [(Role.REVIEW_MANAGER, "Review manager"), (Role.COUNCIL_ORGANISER, "Council contact")]
    memberships = Membership.objects.filter(
        review=review, role__in=[role for role, _ in wanted]
    ).select_related("user")
    for role, label in wanted:
        for membership in memberships:
            if membership.role == role:
                lines.append(f"- {label}: {membership.user.full_name}, {membership.user.email}")
    intro = "If you would like to know more, or to speak to the team, please contact:"
    return intro + ("\n\n" + "\n".join(lines) if lines else "\n\nThe council's organiser of the review.")


def planned_sections(review):
    return [
        ("purpose", "About the review", _purpose(review)),
        ("dates", "When and where", _dates(review)),
        ("team", "The peer review team", _team(review)),
        ("themes", "What the team will look at", _themes(review)),
        ("interview", "What an interview is like", INTERVIEW),
        ("confidentiality", "Nothing you say is attributed to you", NOT_ATTRIBUTED),
        ("contacts", "How to contact us", _contacts(review)),
    ]
