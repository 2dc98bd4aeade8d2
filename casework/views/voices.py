"""Hearing from children, young people and families: set up, share (link or QR code), answer, read the results."""

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache

from peerreview.pages import attempt_form
from reviews.access import review_for
from reviews.views.common import evidence_page

from ..forms.voices import FamilyAnswerForm, FamilyFeedbackForm
from ..models import FamilyFeedback
from ..services import voices

ANSWERED_COOKIE = "answered_family_feedback_{}"


def _link(request, feedback):
    return request.build_absolute_uri(feedback.get_absolute_url())


@login_required
def family_feedback(request, pk):
    """The manager opens the form and sets its closing date and help line; the council shares its link."""
    review = review_for(request, pk, "casework.share_family_feedback")
    current = FamilyFeedback.objects.filter(review=review).first()
    can_manage = request.user.has_perm("casework.manage_family_feedback", review)
    form = None
    if can_manage:
        initial = {} if current else {"help_contact": settings.FAMILY_FEEDBACK_HELP_CONTACT}
        form = FamilyFeedbackForm(request.POST or None, instance=current, initial=initial)
        if request.method == "POST" and form.is_valid():
            done, _ = attempt_form(
                form,
                lambda: voices.open_family_feedback(
                    review,
                    closes_on=form.cleaned_data["closes_on"],
                    help_contact=form.cleaned_data["help_contact"],
                    by=request.user,
                ),
                field="closes_on",
            )
            if done:
                messages.success(request, "Form saved. The council can now share its link or QR code.")
                return redirect("casework:family-feedback", review.pk)
    return evidence_page(
        request,
        "casework/family_feedback.html",
        review,
        feedback=current,
        answers=current.answers.count() if current else 0,
        form=form,
        can_manage=can_manage,
        link=_link(request, current) if current else None,
    )


@login_required
@never_cache
def family_feedback_poster(request, pk):
    """A page to print and put up: the QR code (SVG, drawn here, no outside service) and the link."""
    review = review_for(request, pk, "casework.share_family_feedback")
    current = get_object_or_404(FamilyFeedback, review=review)
    link = _link(request, current)
    qr = segno.make(link, error="m").svg_inline(scale=6, svgclass=None, lineclass=None)
    return render(
        request,
        "casework/family_feedback_poster.html",
        {"review": review, "feedback": current, "link": link, "qr": mark_safe(qr)},  # noqa: S308 segno's own SVG
    )


@login_required
def family_feedback_results(request, pk):
    review = review_for(request, pk, "casework.view_family_feedback_results")
    current = get_object_or_404(FamilyFeedback, review=review)
    return evidence_page(
        request,
        "casework/family_feedback_results.html",
        review,
        feedback=current,
        results=voices.family_results(current),
    )


def family_answer(request, token, easy_read=False):
    """Anyone with the link answers, once per browser, without an account; nothing identifies them."""
    current = FamilyFeedback.objects.select_related("review__authority").filter(token=token).first()
    if current is None:
        return render(request, "casework/family_link_unused.html", status=404)
    context = {"feedback": current, "review": current.review, "easy_read": easy_read}
    if not current.is_open:
        return render(request, "casework/family_closed.html", context, status=410)
    cookie = ANSWERED_COOKIE.format(current.pk)
    if request.get_signed_cookie(cookie, default=None, salt="family-feedback"):
        return render(request, "casework/family_thanks.html", {**context, "again": True})
    form = FamilyAnswerForm(request.POST or None, easy_read=easy_read)
    if request.method == "POST" and form.is_valid():
        done, _ = attempt_form(form, lambda: voices.submit_family_answer(current, **form.cleaned_data))
        if done:
            response = render(request, "casework/family_thanks.html", context)
            response.set_signed_cookie(
                cookie, "1", salt="family-feedback", max_age=60 * 60 * 24 * 180, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
            return response
    return render(request, "casework/family_answer.html", {**context, "form": form})
