"""iCalendar output: one event per session, in Europe/London, with stable UIDs and rising sequences."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

LONDON = ZoneInfo("Europe/London")
DOMAIN = "peer-reviews"


def build_calendar(review, sessions, name):
    calendar = Calendar()
    calendar.add("prodid", "-//Safeguarding peer reviews//Timetable//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/London")
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"{session.uid}@{DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("last-modified", session.updated_at)
        event.add("sequence", session.sequence)
        event.add("dtstart", datetime.combine(session.day, session.starts, tzinfo=LONDON))
        event.add("dtend", datetime.combine(session.day, session.ends, tzinfo=LONDON))
        event.add("summary", f"{session.label} ({review.authority.name})")
        if session.venue:
            event.add(
                "location",
                ", ".join(filter(None, [session.venue.name, session.venue.address.replace("\n", ", ")])),
            )
        elif session.remote_link:
            event.add("location", session.remote_link)
            event.add("url", session.remote_link)
        # Roles and agencies only: names of participants never leave the application.
        people = [f"{p.role} ({p.get_agency_display()})" for p in session.participants.all()]
        peers = [peer.full_name for peer in session.peers.all()]
        description = []
        if peers:
            description.append("Peers: " + ", ".join(peers))
        if people:
            description.append("With: " + "; ".join(people))
        description.append(f"{settings.SITE_URL}/reviews/{review.pk}/timetable/")
        event.add("description", "\n".join(description))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
