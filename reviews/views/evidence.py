"""Pre-visit evidence: the document library, self-evaluation, questionnaire, case exercises, hypotheses.

Also the review's audit trail, which its manager reads beside the download records it holds.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from peerreview.exports import csv_response
from peerreview.pages import form_page

from .. import audit, services
from ..access import review_for
from ..forms import (
    CaseExerciseForm,
    DocumentRequestForm,
    EarlyFindingForm,
    HypothesisForm,
    QuestionnaireAnswerForm,
    QuestionnaireOpenForm,
    SelfEvaluationEntryForm,
    StatementForm,
    UploadForm,
)
from ..models import (
    AuditEvent,
    CaseExercise,
    Category,
    Document,
    DocumentVersion,
    Hypothesis,
    Questionnaire,
    SelfEvaluation,
    Statement,
)
from ..services import ActionRefused
from ..uploads import served_as


def _page(request, template, review, **context):
    return render(
        request, template, {"review": review, "evidence_links": _evidence_links(request, review), **context}
    )


def _evidence_links(request, review):
    """The evidence pages this person may open, for the navigation shared by those pages."""
    user, pk = request.user, review.pk
    team = user.has_perm("reviews.view_team_material", review)
    council = user.has_perm("reviews.act_for_council", review)
    links = [
        ("library", "Document library", reverse("reviews:library", args=[pk]), team or council),
        ("self_evaluation", "Self-evaluation", reverse("reviews:self-evaluation", args=[pk]), team or council),
        ("questionnaire", "Questionnaire", reverse("reviews:questionnaire", args=[pk]),
         user.has_perm("reviews.share_questionnaire", review)),
        ("results", "Questionnaire results", reverse("reviews:questionnaire-results", args=[pk]), team),
        ("case_exercises", "Case exercises", reverse("reviews:case-exercises", args=[pk]), team or council),
        ("hypotheses", "Early findings and hypotheses", reverse("reviews:hypotheses", args=[pk]), team),
    ]  # fmt: skip
    return [(key, label, url) for key, label, url, allowed in links if allowed]


@login_required
def library(request, pk):
    review = review_for(request, pk, "reviews.view_library")
    documents = (
        Document.objects.filter(review=review)
        .prefetch_related(
            "themes", Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
        )
        .order_by("category", "title")
    )
    category, theme = request.GET.get("category", ""), request.GET.get("theme", "")
    if category in Category.values:
        documents = documents.filter(category=category)
    if theme.isdigit():
        documents = documents.filter(themes__pk=theme)
    requests = review.document_requests.annotate(answered=Count("documents")).order_by("created_at")
    return _page(
        request,
        "reviews/library.html",
        review,
        documents=documents,
        requests=requests,
        categories=Category.choices,
        themes=review.themes.all(),
        chosen={"category": category, "theme": theme},
        can_upload=request.user.has_perm("reviews.upload_documents", review),
        can_request=request.user.has_perm("reviews.request_documents", review),
    )


@login_required
def document_upload(request, pk):
    review = review_for(request, pk, "reviews.upload_documents")
    initial = {}
    if request.GET.get("document", "").isdigit():
        existing = get_object_or_404(Document, pk=request.GET["document"], review=review)
        initial = {"title": existing.title, "category": existing.category}
    form = UploadForm(request.POST or None, request.FILES or None, review=review, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            versions = services.upload_documents(
                review, files=form.cleaned_data.pop("files"), by=request.user, **form.cleaned_data
            )
        except ActionRefused as refusal:
            form.add_error("files", str(refusal))
        else:
            messages.success(request, f"{len(versions)} file{'s' if len(versions) != 1 else ''} uploaded.")
            return redirect("reviews:library", review.pk)
    return _page(
        request,
        "reviews/upload_form.html",
        review,
        form=form,
        max_mb=settings.UPLOAD_MAX_BYTES // (1024 * 1024),
        back_url=reverse("reviews:library", args=[review.pk]),
    )


@login_required
def document_detail(request, pk, document_pk):
    review = review_for(request, pk, "reviews.view_library")
    document = get_object_or_404(
        Document.objects.prefetch_related(
            "themes", Prefetch("versions", queryset=DocumentVersion.objects.select_related("uploaded_by"))
        ),
        pk=document_pk,
        review=review,
    )
    log = None
    if request.user.has_perm("reviews.view_download_log", review):
        log = AuditEvent.objects.filter(
            action=AuditEvent.Action.DOCUMENT_DOWNLOADED,
            object_id__in=[v.pk for v in document.versions.all()],
        ).select_related("user")[:50]
    return _page(
        request,
        "reviews/document_detail.html",
        review,
        document=document,
        log=log,
        retention_months=settings.RETENTION_MONTHS,
        can_upload=request.user.has_perm("reviews.upload_documents", review),
    )


@login_required
def document_download(request, pk, document_pk, version_pk):
    review = review_for(request, pk, "reviews.view_library")
    version = get_object_or_404(
        DocumentVersion, pk=version_pk, document_id=document_pk, document__review=review
    )
    try:
        handle = version.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage.") from None
    services.record_download(version, request)
    filename, content_type = served_as(version.original_name, version.content_type)
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def document_request_create(request, pk):
    review = review_for(request, pk, "reviews.request_documents")
    form = DocumentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_document(review, by=request.user, **form.cleaned_data)
        messages.success(request, "Request added to the council's checklist.")
        return redirect("reviews:library", review.pk)
    return form_page(
        request,
        form,
        title="Ask the council for a document",
        caption=review.authority,
        back_url=reverse("reviews:library", args=[review.pk]),
    )


@login_required
def self_evaluation(request, pk):
    """The council completes it; the team reads it once submitted."""
    review = review_for(request, pk)
    can_edit = request.user.has_perm("reviews.edit_self_evaluation", review)
    if not (can_edit or request.user.has_perm("reviews.view_team_material", review)):
        raise Http404
    evaluation = services.self_evaluation_of(review)
    entries = list(evaluation.entries.select_related("theme").prefetch_related("documents"))
    editing = can_edit and evaluation.status == SelfEvaluation.Status.DRAFT
    forms = [
        SelfEvaluationEntryForm(request.POST or None, instance=entry, review=review, prefix=f"theme{entry.theme.number}")
        for entry in entries
    ] if editing else []  # fmt: skip
    problem = None
    if editing and request.method == "POST" and all(form.is_valid() for form in forms):
        submit = request.POST.get("action") == "submit"
        incomplete = services.save_self_evaluation(
            evaluation,
            entries=[(form.instance, dict(form.cleaned_data)) for form in forms],
            by=request.user,
            submit=submit,
        )
        if incomplete:
            problem = (
                "Your answers are saved as a draft. To submit, grade each theme and describe its strengths "
                "and areas for development. Still to complete: " + "; ".join(incomplete) + "."
            )
        else:
            messages.success(
                request, "Submitted to the review team. Thank you." if submit else "Draft saved."
            )
            return redirect("reviews:self-evaluation", review.pk)
    visible = can_edit or evaluation.status == SelfEvaluation.Status.SUBMITTED
    return _page(
        request,
        "reviews/self_evaluation.html",
        review,
        evaluation=evaluation,
        entries=entries if visible else [],
        forms=forms,
        problem=problem,
    )


@login_required
def questionnaire(request, pk):
    """Set up and share the questionnaire; the council sees how many have answered."""
    review = review_for(request, pk, "reviews.share_questionnaire")
    current = Questionnaire.objects.filter(review=review).first()
    can_manage = request.user.has_perm("reviews.manage_questionnaire", review)
    form = None
    if can_manage:
        initial = {} if current else {"closes_on": services.evidence.default_closing_date(review)}
        form = QuestionnaireOpenForm(request.POST or None, instance=current, initial=initial)
        if request.method == "POST" and form.is_valid():
            services.open_questionnaire(review, **form.cleaned_data)
            messages.success(request, "Questionnaire saved. Share its link with staff and partners.")
            return redirect("reviews:questionnaire", review.pk)
    return _page(
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
        form.save()
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
    statement = get_object_or_404(Statement, pk=statement_pk, questionnaire__review=review)
    if statement.answers.exists():
        messages.error(request, "People have already answered this statement, so it stays.")
    else:
        statement.delete()
        audit.record(
            audit.Action.DELETED,
            request=request,
            review=review,
            target=f"Questionnaire statement: {statement.text[:200]}",
        )
        messages.success(request, "Statement removed.")
    return redirect("reviews:questionnaire", review.pk)


@login_required
def questionnaire_new_link(request, pk):
    """The manager replaces the secret link, after saying yes to the old one ceasing to work."""
    review = review_for(request, pk, "reviews.manage_questionnaire")
    current = get_object_or_404(Questionnaire, review=review)
    if request.method == "POST":
        services.new_questionnaire_link(current, by=request.user)
        messages.success(request, "New link made. The old link no longer works: share this one instead.")
        return redirect("reviews:questionnaire", review.pk)
    return _page(request, "reviews/questionnaire_new_link.html", review, questionnaire=current)


@login_required
def questionnaire_results(request, pk):
    review = review_for(request, pk, "reviews.view_questionnaire_results")
    current = get_object_or_404(Questionnaire, review=review)
    return _page(
        request,
        "reviews/questionnaire_results.html",
        review,
        questionnaire=current,
        results=services.questionnaire_results(current),
    )


ANSWERED_COOKIE = "answered_questionnaire_{}"


def questionnaire_answer(request, token):
    """Anyone with the link may answer, once per browser, without an account. Nothing identifies them."""
    current = Questionnaire.objects.select_related("review__authority").filter(token=token).first()
    if current is None:
        # Most often a link that was replaced. Says nothing about which review, or whether it ever existed.
        return render(request, "reviews/questionnaire_link_unused.html", status=404)
    cookie = ANSWERED_COOKIE.format(current.pk)
    context = {"questionnaire": current, "review": current.review}
    if not current.is_open:
        return render(request, "reviews/questionnaire_closed.html", context, status=410)
    if request.get_signed_cookie(cookie, default=None, salt="questionnaire"):
        return render(request, "reviews/questionnaire_thanks.html", {**context, "again": True})
    statements = list(current.statements.all())
    form = QuestionnaireAnswerForm(request.POST or None, statements=statements)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_response(
                current,
                agency_type=form.cleaned_data["agency_type"],
                role_level=form.cleaned_data["role_level"],
                comments=form.cleaned_data["comments"],
                answers=form.answers(),
            )
        except ActionRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            response = render(request, "reviews/questionnaire_thanks.html", context)
            response.set_signed_cookie(
                cookie, "1", salt="questionnaire", max_age=60 * 60 * 24 * 90, httponly=True, samesite="Lax",
                secure=request.is_secure(),
            )  # fmt: skip
            return response
    return render(request, "reviews/questionnaire_answer.html", {**context, "form": form})


@login_required
def case_exercises(request, pk):
    review = review_for(request, pk)
    if not (
        request.user.has_perm("reviews.edit_case_exercises", review)
        or request.user.has_perm("reviews.view_team_material", review)
    ):
        raise Http404
    done = {
        e.kind: e for e in review.case_exercises.prefetch_related("documents").select_related("updated_by")
    }
    return _page(
        request,
        "reviews/case_exercises.html",
        review,
        exercises=[(kind, label, done.get(kind)) for kind, label in CaseExercise.Kind.choices],
        can_edit=request.user.has_perm("reviews.edit_case_exercises", review),
    )


@login_required
def case_exercise_edit(request, pk, kind):
    review = review_for(request, pk, "reviews.edit_case_exercises")
    if kind not in CaseExercise.Kind.values:
        raise Http404
    instance = CaseExercise.objects.filter(review=review, kind=kind).first() or CaseExercise(
        review=review, kind=kind
    )
    form = CaseExerciseForm(request.POST or None, instance=instance, review=review)
    if request.method == "POST" and form.is_valid():
        services.save_case_exercise(review, kind=kind, by=request.user, **form.cleaned_data)
        messages.success(request, f"{CaseExercise.Kind(kind).label} saved.")
        return redirect("reviews:case-exercises", review.pk)
    return form_page(
        request,
        form,
        title=CaseExercise.Kind(kind).label,
        caption=review.authority,
        back_url=reverse("reviews:case-exercises", args=[review.pk]),
    )


@login_required
def hypotheses(request, pk):
    review = review_for(request, pk, "reviews.edit_hypotheses")
    return _page(
        request,
        "reviews/hypotheses.html",
        review,
        hypotheses=review.hypotheses.select_related("theme", "author").prefetch_related(
            "documents", "exercises"
        ),
        early_findings=review.early_findings.select_related("theme", "author"),
    )


@login_required
def hypothesis_edit(request, pk, hypothesis_pk=None):
    review = review_for(request, pk, "reviews.edit_hypotheses")
    instance = (
        get_object_or_404(Hypothesis, pk=hypothesis_pk, review=review)
        if hypothesis_pk
        else Hypothesis(review=review, author=request.user)
    )
    form = HypothesisForm(request.POST or None, instance=instance, review=review)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Hypothesis saved.")
        return redirect("reviews:hypotheses", review.pk)
    return form_page(
        request,
        form,
        title="Change the hypothesis" if hypothesis_pk else "Record a hypothesis",
        caption=review.authority,
        back_url=reverse("reviews:hypotheses", args=[review.pk]),
    )


@login_required
def early_finding_create(request, pk):
    review = review_for(request, pk, "reviews.edit_hypotheses")
    form = EarlyFindingForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        form.instance.review, form.instance.author = review, request.user
        form.save()
        messages.success(request, "Early finding added.")
        return redirect("reviews:hypotheses", review.pk)
    return form_page(
        request,
        form,
        title="Add an early finding",
        caption=review.authority,
        back_url=reverse("reviews:hypotheses", args=[review.pk]),
    )


@login_required
def audit_trail(request, pk):
    """The review's security-relevant events, for its manager: filter, read, export."""
    review = review_for(request, pk, "reviews.view_audit_trail")
    events = AuditEvent.objects.filter(review=review).select_related("user")
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    if request.GET.get("format") == "csv":
        audit.record(audit.Action.EXPORTED, request=request, review=review, target="Audit trail (CSV)")
        response, writer = csv_response(f"audit-review-{review.pk}.csv")
        writer.writerow(["when", "who", "what", "detail", "address"])
        for event in events.iterator():
            writer.writerow(
                [timezone.localtime(event.at).isoformat(), event.user_email, event.get_action_display(),
                 event.target, event.ip_address or ""]
            )  # fmt: skip
        return response
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return _page(
        request,
        "reviews/audit.html",
        review,
        page=page,
        actions=AuditEvent.Action.choices,
        chosen=action,
        query=query.urlencode(),
    )


@login_required
@require_POST
def document_keep(request, pk, document_pk):
    """The council asks to keep a document after the review closes (or no longer asks)."""
    review = review_for(request, pk, "reviews.act_for_council")
    document = get_object_or_404(Document, pk=document_pk, review=review)
    document.keep_after_review = not document.keep_after_review
    document.save(update_fields=["keep_after_review"])
    if document.keep_after_review:
        messages.success(request, "This document will be kept after the review closes.")
    else:
        messages.success(request, "This document will be deleted with the notes after the review closes.")
    return redirect(document)
