"""The anonymous staff and partner questionnaire: set up, share, answer through its link, read the results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from peerreview.pages import attempt, attempt_form, form_page

from ..access import review_for
from ..forms.evidence import (
    QuestionnaireAnswerForm,
    QuestionnaireCodesForm,
    QuestionnaireOpenForm,
    StatementForm,
)
from ..models import Questionnaire, Statement
from ..services import evidence
from .common import evidence_page

ANSWERED_COOKIE = "answered_questionnaire_{}"


@login_required
def questionnaire(request, pk):
    """Set up and share the questionnaire; the council sees how many have answered."""
    review = review_for(request, pk, "reviews.share_questionnaire")
    current = Questionnaire.objects.filter(review=review).first()
    can_manage = request.user.has_perm("reviews.manage_questionnaire", review)
    form = None
    if can_manage:
        initial = {} if current else {"closes_on": evidence.default_closing_date(review)}
        form = QuestionnaireOpenForm(request.POST or None, instance=current, initial=initial)
        if request.method == "POST" and form.is_valid():
            evidence.open_questionnaire(review, **form.cleaned_data)
            messages.success(request, "Questionnaire saved. Share its link with staff and partners.")
            return redirect("reviews:questionnaire", review.pk)
    return evidence_page(
        request,
        "reviews/questionnaire.html",
        review,
        questionnaire=current,
        statements=current.statements.select_related("theme") if current else [],
        responses=current.responses.count() if current else 0,
        form=form,
        can_manage=can_manage,
        link=request.build_absolute_uri(current.get_absolute_url()) if current else None,
    )


@login_required
def statement_create(request, pk):
    review = review_for(request, pk, "reviews.manage_questionnaire")
    current = get_object_or_404(Questionnaire, review=review)
    form = StatementForm(
        request.POST or None, review=review, instance=Statement(questionnaire=current, position=999)
    )
    if request.method == "POST" and form.is_valid():
        evidence.add_statement(current, **form.cleaned_data)
        messages.success(request, "Statement added.")
        return redirect("reviews:questionnaire", review.pk)
    return form_page(
        request,
        form,
        title="Add a statement",
        caption=review.authority,
        back_url=reverse("reviews:questionnaire", args=[review.pk]),
    )


@login_required
@require_POST
def statement_delete(request, pk, statement_pk):
    review = review_for(request, pk, "reviews.manage_questionnaire")
    statement = get_object_or_404(
        Statement.objects.select_related("questionnaire__review"),
        pk=statement_pk,
        questionnaire__review=review,
    )
    attempt(
        request,
        lambda: evidence.remove_statement(statement, by=request.user, request=request),
        "Statement removed.",
    )
    return redirect("reviews:questionnaire", review.pk)


@login_required
def questionnaire_new_link(request, pk):
    """The manager replaces the secret link, after saying yes to the old one ceasing to work."""
    review = review_for(request, pk, "reviews.manage_questionnaire")
    current = get_object_or_404(Questionnaire, review=review)
    if request.method == "POST":
        evidence.new_questionnaire_link(current, by=request.user)
        messages.success(request, "New link made. The old link no longer works: share this one instead.")
        return redirect("reviews:questionnaire", review.pk)
    return evidence_page(request, "reviews/questionnaire_new_link.html", review, questionnaire=current)


@login_required
def questionnaire_results(request, pk):
    review = review_for(request, pk, "reviews.view_questionnaire_results")
    current = get_object_or_404(Questionnaire, review=review)
    return evidence_page(
        request,
        "reviews/questionnaire_results.html",
        review,
        questionnaire=current,
        results=evidence.questionnaire_results(current),
    )


@login_required
@never_cache
def questionnaire_codes(request, pk):
    """The manager or the council makes one-time codes for people on shared computers, and prints them
    from the page that follows: the codes are shown that once, as only their hashes are kept."""
    review = review_for(request, pk, "reviews.issue_questionnaire_codes")
    current = get_object_or_404(Questionnaire, review=review)
    form = QuestionnaireCodesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done, codes = attempt_form(
            form,
            lambda: evidence.issue_questionnaire_codes(
                current, count=form.cleaned_data["count"], by=request.user
            ),
            field="count",
        )
        if done:
            return evidence_page(
                request,
                "reviews/questionnaire_codes_print.html",
                review,
                questionnaire=current,
                codes=codes,
                link=request.build_absolute_uri(current.get_absolute_url()),
            )
    return form_page(
        request,
        form,
        title="One-time codes for shared computers",
        caption=review.authority,
        back_url=reverse("reviews:questionnaire", args=[review.pk]),
        template="reviews/questionnaire_codes.html",
        counts=evidence.questionnaire_code_counts(current),
    )


def questionnaire_answer(request, token):
    """Anyone with the link may answer, once per browser, without an account. Nothing identifies them.
    Where the council has handed out one-time codes, each code lets one more person answer from the same
    browser (a shared office computer)."""
    current = Questionnaire.objects.select_related("review__authority").filter(token=token).first()
    if current is None:
        # Most often a link that was replaced. Says nothing about which review, or whether it ever existed.
        return render(request, "reviews/questionnaire_link_unused.html", status=404)
    cookie = ANSWERED_COOKIE.format(current.pk)
    context = {"questionnaire": current, "review": current.review}
    if not current.is_open:
        return render(request, "reviews/questionnaire_closed.html", context, status=410)
    codes = current.codes.exists()
    answered_here = bool(request.get_signed_cookie(cookie, default=None, salt="questionnaire"))
    if answered_here and not codes:
        return render(request, "reviews/questionnaire_thanks.html", {**context, "again": True})
    statements = list(current.statements.all())
    form = QuestionnaireAnswerForm(
        request.POST or None, statements=statements, codes=codes, code_required=answered_here
    )
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data.get("code", "")
        done, _ = attempt_form(
            form,
            lambda: evidence.submit_response(
                current,
                agency_type=form.cleaned_data["agency_type"],
                role_level=form.cleaned_data["role_level"],
                comments=form.cleaned_data["comments"],
                answers=form.answers(),
                code=code,
            ),
            field="code" if code else None,
        )
        if done:
            response = render(request, "reviews/questionnaire_thanks.html", context)
            response.set_signed_cookie(
                cookie, "1", salt="questionnaire", max_age=60 * 60 * 24 * 90, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
            return response
    return render(
        request,
        "reviews/questionnaire_answer.html",
        {**context, "form": form, "answered_here": answered_here},
    )
