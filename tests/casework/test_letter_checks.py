"""The letter's automatic checks: for each, a letter that passes and one that fails.

The passing letter is `clear` (tests/casework/conftest.py): every finding rests on notes from two peers
and every expected agency, each theme without a finding says why, each recommendation has a verb and an
owner. Each failing case changes one thing.
"""

from django.urls import reverse

from casework import queries
from casework.letter_checks import ERROR, WARNING, check_letter
from casework.models import Finding, HypothesisEvidence, LetterSection
from casework.services import letter as letter_service
from reviews.models import CaseExercise, Hypothesis
from tests.casework.factories import NoteFactory
from tests.casework.helpers import ready_draft


def problems(letter):
    result = check_letter(queries.letter_sources(letter))
    return result.errors + [problem for problem, _ in result.warnings]


def keys(letter, prefix):
    return [p.key for p in problems(letter) if p.key.startswith(prefix)]


def section(letter, key):
    return letter.sections.get(key=key)


def theme_section(letter, number):
    return letter.sections.get(theme__number=number)


def test_a_clear_letter_has_nothing_to_fix(clear):
    assert problems(clear.letter) == []


# Errors.


def test_a_recommendation_on_one_note_is_an_error(clear):
    finding = Finding.objects.get(text="Involve schools in every strategy discussion.")
    finding.notes.set(clear.notes[:1])
    (problem,) = [p for p in problems(clear.letter) if p.key == f"single-source-{finding.pk}"]
    assert problem.severity == ERROR
    assert "rests on a single source: 1 note" in problem.message
    assert problem.fix_url.endswith(f"/findings/{finding.pk}/")


def test_a_recommendation_on_notes_from_one_session_and_one_peer_is_an_error(clear):
    finding = Finding.objects.get(text="Involve schools in every strategy discussion.")
    same_peer = [NoteFactory(review=clear.review, author=clear.notes[0].author) for _ in range(3)]
    finding.notes.set(same_peer)
    (problem,) = [p for p in problems(clear.letter) if p.key == f"single-source-{finding.pk}"]
    assert "3 notes from one session and one peer" in problem.message


def test_a_recommendation_on_two_peers_notes_is_not_single_source(clear):
    finding = Finding.objects.get(text="Involve schools in every strategy discussion.")
    finding.notes.set(clear.notes[:2])  # two notes, two peers
    assert keys(clear.letter, "single-source") == []


def test_a_participants_name_in_the_letter_is_an_error(clear):
    intro = section(clear.letter, "introduction")
    letter_service.update_section(
        intro, body=intro.body + "\n\nJordan told us about the front door.", by=clear.leader
    )
    (problem,) = [p for p in problems(clear.letter) if p.key == "name-introduction"]
    assert problem.severity == ERROR
    assert "Jordan" in problem.message


def test_a_role_in_place_of_the_name_passes_the_name_check(clear):
    intro = section(clear.letter, "introduction")
    letter_service.update_section(
        intro, body=intro.body + "\n\nThe designated nurse told us about the front door.", by=clear.leader
    )
    assert keys(clear.letter, "name-") == []


def test_a_case_reference_in_the_letter_is_an_error(clear):
    CaseExercise.objects.create(
        review=clear.review, kind="case_mapping", case_references="CR-20931", findings="x"
    )
    intro = section(clear.letter, "introduction")
    letter_service.update_section(
        intro, body=intro.body + "\n\nIn case CR-20931 the plan drifted.", by=clear.leader
    )
    (problem,) = [p for p in problems(clear.letter) if p.key == "case-reference-introduction"]
    assert "CR-20931" in problem.message


def test_the_letter_page_reads_the_references_of_every_case_exercise(client, clear):
    """The page fetches the references with the review (one line each, every kind of exercise): none is missed."""
    CaseExercise.objects.create(
        review=clear.review, kind="case_mapping", case_references="CR-20931\nCR-20932", findings="x"
    )
    CaseExercise.objects.create(
        review=clear.review, kind="audit_validation", case_references="AV-7", findings="x"
    )
    intro = section(clear.letter, "introduction")
    letter_service.update_section(
        intro, body=intro.body + "\n\nIn cases CR-20932 and AV-7 the plan drifted.", by=clear.leader
    )
    client.force_login(clear.leader)
    page = client.get(reverse("casework:letter", args=[clear.review.pk])).content.decode()
    assert "contains a case reference (AV-7, CR-20932)" in page


def test_an_empty_section_is_an_error(clear):
    LetterSection.objects.filter(letter=clear.letter, key="scope").update(body="Strengths")  # a heading alone
    (problem,) = [p for p in problems(clear.letter) if p.key == "empty-scope"]
    assert problem.severity == ERROR


def test_a_theme_with_no_finding_and_no_reason_is_an_error(clear):
    unexplained = theme_section(clear.letter, 2)
    letter_service.update_section(unexplained, body="No finding in this area.", by=clear.leader)
    (problem,) = [p for p in problems(clear.letter) if p.key == f"theme-{unexplained.theme_id}"]
    assert "has no finding" in problem.message
    assert problem.fix_url.endswith(f"/letter/sections/{unexplained.pk}/")


def test_a_theme_with_no_finding_but_a_reason_passes(clear):
    assert keys(clear.letter, "theme-") == []


# Warnings.


def _hypothesis(review, note, status, stance):
    hypothesis = Hypothesis.objects.create(review=review, statement="Thresholds are unclear.", status=status)
    HypothesisEvidence.objects.create(note=note, hypothesis=hypothesis, stance=stance)
    return hypothesis


def test_a_finding_resting_on_support_for_a_rejected_hypothesis_is_a_warning(clear):
    _hypothesis(
        clear.review, clear.notes[0], Hypothesis.Status.NOT_SUPPORTED, HypothesisEvidence.Stance.SUPPORTS
    )
    found = [p for p in problems(clear.letter) if p.key.startswith("hypothesis-")]
    assert found
    assert all(p.severity == WARNING for p in found)
    assert "which the team marked not supported" in found[0].message


def test_a_finding_challenging_a_rejected_hypothesis_is_no_warning(clear):
    _hypothesis(
        clear.review, clear.notes[0], Hypothesis.Status.NOT_SUPPORTED, HypothesisEvidence.Stance.CHALLENGES
    )
    assert keys(clear.letter, "hypothesis-") == []


def test_an_expected_agency_no_finding_hears_is_a_warning(clear):
    police = next(note for note in clear.notes if note.agency == "police")
    for finding in Finding.objects.agreed().filter(review=clear.review):
        finding.notes.remove(police)
    (problem,) = [p for p in problems(clear.letter) if p.key.startswith("agencies-")]
    assert problem.key == "agencies-police"
    assert "anything heard from police: an agency the review expected to hear from" in problem.message


def test_a_recommendation_without_a_verb_or_an_owner_is_a_warning(clear):
    theme_3 = theme_section(clear.letter, 3)
    letter_service.update_section(theme_3, body=theme_3.body + "\n\n* Thresholds.", by=clear.leader)
    (problem,) = [p for p in problems(clear.letter) if p.key.startswith("vague-")]
    assert "lacks a verb saying what to do and who should do it" in problem.message


def test_a_recommendation_with_a_verb_and_an_owner_is_no_warning(clear):
    theme_3 = theme_section(clear.letter, 3)
    body = theme_3.body + "\n\n* The partnership should agree one threshold document."
    letter_service.update_section(theme_3, body=body, by=clear.leader)
    assert keys(clear.letter, "vague-") == []


def test_a_paragraph_over_the_house_limit_is_a_warning(clear, settings):
    settings.LETTER_PARAGRAPH_WORD_LIMIT = 8
    intro = section(clear.letter, "introduction")
    letter_service.update_section(
        intro, body="One two three four five six seven eight nine.", by=clear.leader
    )
    (problem,) = [p for p in problems(clear.letter) if p.key.startswith("long-introduction")]
    assert "has 9 words, more than the house limit of 8" in problem.message


def test_a_paragraph_within_the_house_limit_is_no_warning(clear, settings):
    settings.LETTER_PARAGRAPH_WORD_LIMIT = 9
    intro = section(clear.letter, "introduction")
    letter_service.update_section(
        intro, body="One two three four five six seven eight nine.", by=clear.leader
    )
    assert keys(clear.letter, "long-introduction") == []


def test_text_changed_after_the_last_pdf_is_a_warning(clear):
    ready_draft(clear.letter, clear.leader)
    assert keys(clear.letter, "changed-") == []  # the PDF is of the text as it is
    intro = section(clear.letter, "introduction")
    letter_service.update_section(intro, body=intro.body + " Thank you.", by=clear.leader)
    (problem,) = [p for p in problems(clear.letter) if p.key.startswith("changed-")]
    assert "changed since the last PDF (version" in problem.message
