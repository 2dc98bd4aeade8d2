"""Notes on site, and the findings the team draws from them."""

import re

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone

from reviews.services import ActionRefused

from ..models import DailySummary, Finding, HypothesisEvidence, Note, NoteRevision
from ..queries import participant_names


class NamesParticipants(ActionRefused):
    """A finished note names recorded participants: `names` pairs each name with the role to put instead."""

    def __init__(self, names):
        super().__init__("The note names a participant. Replace the name by their role before saving.")
        self.names = names


# Words that may stand before a surname ("Ms Keane", "Cllr Robins", "DCI Boulton").
TITLES = [
    "Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Prof", "Professor", "Cllr", "Councillor", "Sir", "Dame",
    "Lady", "Lord", "Rev", "Revd", "Reverend", "PC", "DC", "DS", "DI", "DCI", "Sgt", "Sergeant", "Inspector",
]  # fmt: skip
_TITLE = "(?:" + "|".join(TITLES) + r")\.?"


def _words(name):
    """A recorded name as a pattern: its words in order, any spacing, a full stop allowed after each."""
    return r"\.?\s+".join(re.escape(word) for word in name.split())


def _capitalised(word):
    """One word with a capital first letter (any case after): "Keane", "KEANE", never "keane".

    A first name or surname on its own is often an ordinary word too ("Will", "Young", "Green");
    written in lower case it is that word ("we will", "young people"), not the person.
    """
    return "(?:" + re.escape(word[0].upper()) + "(?i:" + re.escape(word[1:]) + "))"


def _patterns(names):
    """(pattern, shown as, role) for every way a note may name a recorded participant, longest first.

    The name as recorded, the first name and surname, a title with the surname, the surname
    alone and the first name alone: whole words, and ignoring capitals but for a single word.
    """
    found = []
    for name, role in names:
        found.append((rf"(?i:{_words(name)})", name, role, len(name) + 1000))
        words = name.split()
        if words and re.fullmatch(_TITLE, words[0], re.IGNORECASE):
            words = words[1:]
        if len(words) < 2:
            continue
        first, surname = words[0], words[-1]
        found.append((rf"(?i:{_words(f'{first} {surname}')})", f"{first} {surname}", role, len(name) + 500))
        found.append((rf"(?i:{_TITLE}\s+{re.escape(surname)})", None, role, len(surname) + 100))
        found.append((_capitalised(surname), surname, role, len(surname) + 10))
        found.append((_capitalised(first), first, role, len(first)))
    found.sort(key=lambda item: -item[3])
    return [(re.compile(rf"(?<!\w){pattern}(?!\w)"), shown, role) for pattern, shown, role, _ in found]


def _find_and_replace(text, names):
    """The text with each name put as the role, and the names found (each once, as shown to the peer)."""
    found = {}
    for pattern, shown, role in _patterns(names):

        def by_role(match, shown=shown, role=role):
            found.setdefault(shown or " ".join(match.group(0).split()), role)
            return role

        text = pattern.sub(by_role, text)
    return text, list(found.items())


class NoteConflict(ActionRefused):
    """The note changed elsewhere (another device) since this save's version: nothing was overwritten.

    The text that arrived is kept as a revision that is not current; `note` is the note as it stands.
    """

    def __init__(self, note, revision):
        super().__init__(
            "This note was changed on another device while you were editing it. Both texts are kept: "
            "choose which one stands."
        )
        self.note = note
        self.revision = revision


def names_in(text, names):
    """The recorded participants a text names (whole words; see `_patterns`), each with the role to put instead."""
    return _find_and_replace(text, names)[1]


def name_finder(names):
    """`names_in` for many texts: the patterns are built once, and only the names one of whose words is in a
    text are looked for in it (a review records hundreds of names; a letter section mentions few)."""
    by_name = [(set(re.findall(r"\w+", name.lower())), (name, role)) for name, role in names]
    built = {}  # a name's patterns, compiled the first time a text holds one of its words

    def patterns_of(entry):
        if entry not in built:
            built[entry] = _patterns([entry])
        return built[entry]

    def find(text):
        words = set(re.findall(r"\w+", text.lower()))
        patterns = [p for name_words, entry in by_name if name_words & words for p in patterns_of(entry)]
        patterns.sort(key=lambda item: -len(item[0].pattern))  # longer forms first, as in `_patterns`
        found = {}
        for pattern, shown, _ in patterns:
            for match in pattern.finditer(text):
                found.setdefault(shown or " ".join(match.group(0).split()), None)
            text = pattern.sub(" ", text)  # as `_find_and_replace`: a longer form found hides its parts
        return list(found)

    return find


def replace_names(text, names):
    return _find_and_replace(text, names)[0]


def save_note_form(review, data, *, author, draft, device, names_to_roles=False):
    """`save_note` from a checked NoteForm's data: one path for the note page, its autosave and the
    phone's queue. With `names_to_roles` (the one-click fix) recorded participants' names become
    their roles first."""
    text = data["text"]
    if names_to_roles:
        text = replace_names(text, participant_names(review))
    return save_note(
        review,
        author=author,
        client_id=data["client_id"],
        text=text,
        draft=draft,
        session=data["session"],
        kind=data["kind"],
        agency=data["agency"],
        themes=data["themes"],
        lines=data["lines"],
        version=data["version"],
        edited_in=data["editor"],
        device=device,
    )


def save_note(review, **fields):
    """Create or update the note the browser knows by `client_id`.

    Saving the same note twice (a retry after a dropped connection) updates it, never duplicates it.
    A finished note must not name any recorded participant, however it is saved: notes are
    non-attributable.
    """
    try:
        try:
            return _save_note(review, **fields)
        except IntegrityError:
            # Two saves of a new note crossed (an autosave still on its way when "Save note" was
            # pressed): the other one made it, so this one, tried again, updates it.
            return _save_note(review, **fields)
    except NoteConflict as conflict:
        # Kept outside the refused save's transaction, so that the text that arrived is never lost;
        # once per open form (its autosave and its "Save note" bring the same text twice).
        revision = conflict.revision
        kept = None
        if revision.edited_in:
            kept = NoteRevision.objects.filter(
                note=revision.note, edited_in=revision.edited_in, applied=False
            ).last()
        if kept is not None:
            kept.text, kept.saved_at, kept.version = revision.text, timezone.now(), revision.version
            kept.save(update_fields=["text", "saved_at", "version"])
        else:
            revision.save()
        raise


@transaction.atomic
def _save_note(
    review, *, author, client_id, text, draft, session=None, kind="", agency="", themes=(), lines=(),
    version=None, edited_in=None, device="",
):  # fmt: skip
    if review.stage == review.Stage.CLOSED:
        raise ActionRefused("The review has closed: its notes can no longer be added to or changed.")
    if session is not None and session.review_id != review.pk:
        raise ActionRefused("That session belongs to another review.")
    if any(t.review_id != review.pk for t in themes) or any(
        line.theme.review_id != review.pk for line in lines
    ):
        raise ActionRefused("Use this review's themes and lines of enquiry.")
    note = next(iter(Note.objects.select_for_update().filter(client_id=client_id).order_by()), None)
    if note is not None and (note.author_id != author.pk or note.review_id != review.pk):
        raise ActionRefused("This note belongs to someone else.")
    # Saved meanwhile from another form (a phone and a laptop): never overwrite; keep both.
    stale = note is not None and version is not None and note.version != version
    if stale and (edited_in is None or note.edited_in != edited_in):
        raise NoteConflict(
            note,
            NoteRevision(
                note=note, version=version, text=text, device=device, saved_by=author,
                edited_in=edited_in, applied=False,
            ),
        )  # fmt: skip
    # A finished note is on the board, so an autosave of it is checked as "Save note" is: only a
    # draft, which nobody but its author sees, may name someone while the peer is still typing.
    finished = not draft or (note is not None and not note.is_draft)
    if finished:
        if not text.strip():
            raise ActionRefused("Write the note before saving it.")
        names = names_in(text, participant_names(review))
        if names:
            raise NamesParticipants(names)
    created = note is None
    if created:
        note = Note(review=review, author=author, client_id=client_id)
    else:
        note.version += 1
    changed = created or note.is_draft or note.text != text
    note.edited_in = edited_in
    note.session, note.text, note.kind, note.agency = session, text, kind, agency
    note.is_draft = not finished  # once finished, a note stays on the board while it is edited
    note.updated_at = timezone.now()
    note.save()
    if created:  # nothing to replace: adding saves the queries that compare old and new
        note.themes.add(*themes)
        note.lines.add(*lines)
    else:
        note.themes.set(themes)
        note.lines.set(lines)
    if finished and changed:
        _record_revision(note, author=author, device=device, first=created)
    return note


def _record_revision(note, *, author, device, first):
    """A finished note's history: one revision per sitting (the same open form), more for each device."""
    last = note.revisions.filter(applied=True).last() if note.edited_in and not first else None
    if last is not None and last.edited_in == note.edited_in:
        last.text, last.version, last.saved_at = note.text, note.version, note.updated_at
        last.save(update_fields=["text", "version", "saved_at"])
        return
    NoteRevision.objects.create(
        note=note, version=note.version, text=note.text, device=device, saved_by=author,
        edited_in=note.edited_in, saved_at=note.updated_at,
    )  # fmt: skip


def link_hypothesis(note, *, hypothesis, stance):
    if hypothesis.review_id != note.review_id:
        raise ActionRefused("That hypothesis belongs to another review.")
    link, _ = HypothesisEvidence.objects.update_or_create(
        note=note, hypothesis=hypothesis, defaults={"stance": stance}
    )
    return link


@transaction.atomic
def save_finding(review, finding, *, fields, notes, by, version=None):
    """Create or change a finding; a change made meanwhile by someone else is never overwritten."""
    if finding.pk:
        current = Finding.objects.select_for_update().get(pk=finding.pk)
        if version is not None and current.version != version:
            raise ActionRefused(
                "Someone else changed this finding while you were editing it. Your changes were not saved: "
                "look at it as it is now and make them again."
            )
        finding.version = current.version + 1
    else:
        finding.review = review
        finding.created_by = by
        last = Finding.objects.filter(review=review, theme=fields.get("theme")).aggregate(m=Max("position"))[
            "m"
        ]
        finding.position = (last or 0) + 1
    finding.updated_by = by
    if any(note.review_id != review.pk or note.is_draft for note in notes):
        raise ActionRefused("Link only this review's saved notes.")
    for name, value in fields.items():
        setattr(finding, name, value)
    if finding.kind != Finding.Kind.RECOMMENDATION:
        finding.priority = ""
    finding.updated_at = timezone.now()
    finding.save()
    finding.notes.set(notes)
    return finding


def set_agreed(finding, *, agreed, by):
    finding.agreed_at = timezone.now() if agreed else None
    finding.agreed_by = by if agreed else None
    finding.version = F("version") + 1
    finding.updated_by = by
    finding.save(update_fields=["agreed_at", "agreed_by", "version", "updated_by"])
    finding.refresh_from_db()
    return finding


@transaction.atomic
def move_finding(finding, *, up):
    """Swap the finding with its neighbour in the same theme."""
    siblings = list(
        Finding.objects.select_for_update()
        .live()
        .filter(review=finding.review_id, theme=finding.theme_id)
        .order_by("position", "pk")
    )
    index = next(i for i, f in enumerate(siblings) if f.pk == finding.pk)
    other = index - 1 if up else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, item in enumerate(siblings, start=1):
        if item.position != position:
            Finding.objects.filter(pk=item.pk).update(position=position)


@transaction.atomic
def merge_findings(duplicate, *, into, by):
    """Fold a duplicate into another finding: its notes come along, its text is kept apart for reference."""
    if duplicate.pk == into.pk or duplicate.review_id != into.review_id:
        raise ActionRefused("Choose a different finding of this review to merge into.")
    into.notes.add(*duplicate.notes.all())
    duplicate.merged_into = into
    duplicate.updated_by = by
    duplicate.save(update_fields=["merged_into", "updated_by"])
    Finding.objects.filter(pk=into.pk).update(
        version=F("version") + 1, updated_at=timezone.now(), updated_by=by
    )
    return into


@transaction.atomic
def share_daily_summary(review, *, day, text, findings, by):
    if any(f.review_id != review.pk for f in findings):
        raise ActionRefused("Choose this review's findings.")
    summary, _ = DailySummary.objects.update_or_create(
        review=review, day=day, defaults={"text": text, "by": by, "shared_at": timezone.now()}
    )
    summary.findings.set(findings)
    return summary
