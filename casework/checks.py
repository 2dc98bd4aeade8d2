"""Clash and sanity checks on a review's timetable.

Pure functions over sessions that queries.py has loaded (with venue, peers, themes
and participants), so running every check costs no further queries. Each warning
explains itself and names the session to fix.
"""

from collections import defaultdict
from dataclasses import dataclass

from reviews.models import EXPECTED_AGENCIES, AgencyType

from .models import Session


@dataclass
class Warning:
    message: str
    session: Session | None = None


def day_label(day):
    return f"{day:%A} {day.day} {day:%B}"


def _minutes(time):
    return time.hour * 60 + time.minute


def _overlap(a, b):
    return a.day == b.day and _minutes(a.starts) < _minutes(b.ends) and _minutes(b.starts) < _minutes(a.ends)


def travel_minutes(travel, default, a, b):
    if a is None or b is None or a.pk == b.pk:
        return 0
    return travel.get((min(a.pk, b.pk), max(a.pk, b.pk)), default)


def run_checks(review, programme, sessions, travel, on_site_days):
    """All warnings for the timetable. `travel` maps (venue id, venue id), lower first, to minutes."""
    warnings = []
    by_peer = defaultdict(list)
    for session in sessions:
        peers = list(session.peers.all())
        if not peers:
            warnings.append(
                Warning(f"No peer is assigned to “{session.label}” on {day_label(session.day)}.", session)
            )
        for peer in peers:
            by_peer[peer].append(session)

    for peer, own in by_peer.items():
        own.sort(key=lambda s: (s.day, s.starts))
        for earlier, later in zip(own, own[1:], strict=False):
            if _overlap(earlier, later):
                warnings.append(
                    Warning(
                        f"{peer.full_name} is in two places at once on {day_label(later.day)}: "
                        f"“{earlier.label}” and “{later.label}”.",
                        later,
                    )
                )
            elif earlier.day == later.day:
                needed = travel_minutes(travel, programme.default_travel_minutes, earlier.venue, later.venue)
                gap = _minutes(later.starts) - _minutes(earlier.ends)
                if gap < needed:
                    warnings.append(
                        Warning(
                            f"{peer.full_name} has {gap} minutes to get from {earlier.venue} to {later.venue} "
                            f"on {day_label(later.day)}, but the journey takes {needed}.",
                            later,
                        )
                    )
        hours = defaultdict(int)
        for session in own:
            if session.kind in Session.QUESTIONING:
                hours[session.day] += session.minutes
        for day, minutes in hours.items():
            if minutes > programme.max_interview_hours * 60:
                first = next(s for s in own if s.day == day and s.kind in Session.QUESTIONING)
                warnings.append(
                    Warning(
                        f"{peer.full_name} has {minutes / 60:.1f} hours of interviews on {day_label(day)}, "
                        f"more than the {programme.max_interview_hours} a day that leaves time to think.",
                        first,
                    )
                )

    by_name = defaultdict(list)
    for session in sessions:
        for participant in session.participants.all():
            if participant.name:
                by_name[participant.name.strip().lower()].append(session)
    for own in by_name.values():
        own.sort(key=lambda s: (s.day, s.starts))
        for earlier, later in zip(own, own[1:], strict=False):
            if _overlap(earlier, later):
                warnings.append(
                    Warning(
                        f"A participant is expected at “{earlier.label}” and “{later.label}” at the same time.",
                        later,
                    )
                )

    for day in on_site_days:
        kinds = {s.kind for s in sessions if s.day == day}
        if Session.Kind.REFLECTION not in kinds:
            warnings.append(Warning(f"No team reflection time on {day_label(day)}."))
        if Session.Kind.CATCH_UP not in kinds:
            warnings.append(Warning(f"No “no surprises” catch-up with the council on {day_label(day)}."))

    served_themes = {theme.pk for session in sessions for theme in session.themes.all()}
    warnings += [
        Warning(f"No session serves the theme “{theme}”.")
        for theme in review.themes.all()
        if theme.pk not in served_themes
    ]
    served_areas = {area for session in sessions for area in session.focus_areas}
    warnings += [
        Warning(f"No session serves the focus area “{area}”.")
        for area in review.focus_areas
        if area not in served_areas
    ]
    heard = {p.agency for session in sessions for p in session.participants.all()}
    warnings += [
        Warning(f"No session hears from {AgencyType(agency).in_sentence}.")
        for agency in EXPECTED_AGENCIES
        if agency not in heard
    ]
    return warnings
