"""What the council supplies before the visit, and what the analyst peer makes of it.

Files are private: stored through the storage API (MEDIA_ROOT or the object store) with a
random name, never served by URL, and streamed only through a view that checks permission and
logs the download.
"""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from peerreview.tokens import new_token

from .framework import ReviewTheme
from .review import Review


class Category(models.TextChoices):
    POLICY = "policy", "Policy or strategy"
    PERFORMANCE = "performance", "Performance data"
    SELF_EVALUATION = "self_evaluation", "Self-evaluation"
    CASE_MAPPING = "case_mapping", "Case mapping"
    AUDIT = "audit", "Audit"
    QUESTIONNAIRE = "questionnaire", "Questionnaire results"
    OTHER = "other", "Other"


class DocumentRequestQuerySet(models.QuerySet):
    def waiting_for_council(self):
        """Requests the council has still to answer: new ones, and those the manager sent back."""
        return self.filter(status__in=DocumentRequest.COUNCIL_TURN)

    def overdue(self, today=None):
        """Past their due date with the council's answer still missing."""
        return self.waiting_for_council().filter(due__lt=today or timezone.localdate())


class DocumentRequest(models.Model):
    """Something the review manager has asked the council for, with a due date and a council owner.

    requested -> submitted (something uploaded against it) -> accepted, or returned with the reason
    (back to the council) -> closed; "not available", with the council's explanation, is an answer too.
    """

    class Status(models.TextChoices):
        REQUESTED = "requested", "Requested"
        SUBMITTED = "submitted", "Submitted"
        ACCEPTED = "accepted", "Accepted"
        RETURNED = "returned", "Returned"
        NOT_AVAILABLE = "not_available", "Not available"
        CLOSED = "closed", "Closed"

    COUNCIL_TURN = (Status.REQUESTED, Status.RETURNED)

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="document_requests")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    due = models.DateField()
    # The council sponsor or organiser who answers it, and who is reminded.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = DocumentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["due", "created_at", "pk"]
        indexes = [models.Index(fields=["status", "due"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:document-request-detail", args=[self.review_id, self.pk])

    @property
    def is_overdue(self):
        return self.status in self.COUNCIL_TURN and self.due < timezone.localdate()

    @property
    def is_open(self):
        return self.status != self.Status.CLOSED


class DocumentRequestEvent(models.Model):
    """One change of a request's status: who, when, and the reason or explanation given."""

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=20, choices=DocumentRequest.Status.choices)
    text = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.request}: {self.get_status_display()}"


class DocumentRequestReminder(models.Model):
    """A reminder already sent, so that running the job again sends nothing twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "Due soon"
        OVERDUE = "overdue", "Overdue"

    request = models.ForeignKey(DocumentRequest, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    recipient = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "recipient"], name="one_request_reminder_of_a_kind_each"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} reminder to {self.recipient}"


class Document(models.Model):
    """A document in the review's library; each upload with the same title is a new version."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=20, choices=Category.choices, default=Category.OTHER)
    description = models.TextField(blank=True)
    themes = models.ManyToManyField(ReviewTheme, blank=True, related_name="documents")
    request = models.ForeignKey(
        DocumentRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents"
    )
    # Documents are deleted with the notes a while after the review closes, unless the council asks to keep them.
    keep_after_review = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["review", "category"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("reviews:document-detail", args=[self.review_id, self.pk])


def private_path(version, filename):
    # The stored name says nothing about the file; its real name lives in original_name.
    return f"reviews/{version.document.review_id}/{uuid.uuid4().hex}"


class DocumentVersion(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(upload_to=private_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_version_number_per_document")
        ]

    def __str__(self):
        return f"{self.document} (version {self.number})"

    def get_download_url(self):
        return reverse("reviews:document-download", args=[self.document.review_id, self.document_id, self.pk])


class SelfEvaluation(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="self_evaluation")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Self-evaluation of {self.review}"


class SelfEvaluationEntry(models.Model):
    """The council's view of itself against one theme."""

    class Grade(models.IntegerChoices):
        OUTSTANDING = 1, "Outstanding"
        GOOD = 2, "Good"
        REQUIRES_IMPROVEMENT = 3, "Requires improvement"
        INADEQUATE = 4, "Inadequate"

    self_evaluation = models.ForeignKey(SelfEvaluation, on_delete=models.CASCADE, related_name="entries")
    theme = models.ForeignKey(ReviewTheme, on_delete=models.CASCADE, related_name="+")
    grade = models.PositiveSmallIntegerField(choices=Grade.choices, null=True, blank=True)
    strengths = models.TextField(blank=True)
    areas_for_development = models.TextField(blank=True)
    evidence = models.TextField(blank=True)
    documents = models.ManyToManyField(Document, blank=True, related_name="+")

    class Meta:
        ordering = ["theme__number"]
        constraints = [
            models.UniqueConstraint(fields=["self_evaluation", "theme"], name="one_entry_per_theme")
        ]

    def __str__(self):
        return f"{self.theme}: {self.get_grade_display() or 'not graded'}"

    @property
    def is_complete(self):
        return bool(self.grade and self.strengths.strip() and self.areas_for_development.strip())


class Questionnaire(models.Model):
    """An anonymous staff and partner questionnaire, answered through a shared secret link."""

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="questionnaire")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    introduction = models.TextField(blank=True)
    closes_on = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Questionnaire for {self.review}"

    def get_absolute_url(self):
        return reverse("reviews:questionnaire-answer", args=[self.token])

    @property
    def is_open(self):
        return timezone.localdate() <= self.closes_on


class QuestionnaireCode(models.Model):
    """A one-time code the council hands to one person, so several can answer from a shared computer.

    Only a keyed hash of the code is kept, and using it only sets `used`: nothing links a code to the
    answers given with it, and no time is kept that could be matched to them.
    """

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)

    def __str__(self):
        return "Used one-time code" if self.used else "Unused one-time code"


class Statement(models.Model):
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="statements")
    theme = models.ForeignKey(ReviewTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self):
        return self.text


class AgencyType(models.TextChoices):
    CHILDRENS_SOCIAL_CARE = "social_care", "Children's social care"
    EARLY_HELP = "early_help", "Early help"
    HEALTH = "health", "Health"
    POLICE = "police", "Police"
    EDUCATION = "education", "Schools and education"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    ELECTED_MEMBERS = "members", "Elected members"
    LSCB = "lscb", "Local Safeguarding Children Board (LSCB)"
    OTHER = "other", "Other"

    @property
    def in_sentence(self):
        """The label inside a sentence: "Nobody from health", "from the Local Safeguarding Children Board (LSCB)"."""
        if self == AgencyType.LSCB:
            return f"the {self.label}"
        words = self.label[0].lower() + self.label[1:]
        return f"the {words}" if self == AgencyType.VOLUNTARY else words


# The agencies a safeguarding review must hear from, besides whatever else the council adds.
EXPECTED_AGENCIES = [
    AgencyType.CHILDRENS_SOCIAL_CARE,
    AgencyType.HEALTH,
    AgencyType.POLICE,
    AgencyType.EDUCATION,
    AgencyType.VOLUNTARY,
]


class RoleLevel(models.TextChoices):
    FRONTLINE = "frontline", "Frontline practitioner"
    MANAGER = "manager", "Team or service manager"
    SENIOR = "senior", "Senior leader"


class QuestionnaireResponse(models.Model):
    """One anonymous set of answers: no name, no account, no address is kept."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="responses")
    agency_type = models.CharField(max_length=20, choices=AgencyType.choices)
    role_level = models.CharField(max_length=20, choices=RoleLevel.choices)
    comments = models.TextField(blank=True)
    # Only the date, so that answers cannot be matched to who was in the building at a given time.
    submitted_on = models.DateField(default=timezone.localdate)

    class Meta:
        indexes = [models.Index(fields=["questionnaire", "agency_type"])]

    def __str__(self):
        return f"Response to {self.questionnaire}"


class Answer(models.Model):
    class Agreement(models.IntegerChoices):
        STRONGLY_DISAGREE = 1, "Strongly disagree"
        DISAGREE = 2, "Disagree"
        NEUTRAL = 3, "Neither agree nor disagree"
        AGREE = 4, "Agree"
        STRONGLY_AGREE = 5, "Strongly agree"

    response = models.ForeignKey(QuestionnaireResponse, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField(choices=Agreement.choices)

    def __str__(self):
        return self.get_value_display()


class CaseExercise(models.Model):
    """The outcome of a case exercise, as the council's own staff report it. Peers never see case files."""

    class Kind(models.TextChoices):
        CASE_MAPPING = "case_mapping", "Case mapping exercise"
        AUDIT_VALIDATION = "audit_validation", "Audit validation exercise"
        CASE_RECORDS_REVIEW = "case_records_review", "Case records review"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="case_exercises")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    case_references = models.TextField(
        blank=True, help_text="Case reference numbers only, one on each line. Never a child's name."
    )
    agencies = models.TextField("agencies that took part", blank=True)
    findings = models.TextField("what was found")
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        constraints = [models.UniqueConstraint(fields=["review", "kind"], name="one_exercise_of_a_kind")]

    def __str__(self):
        return self.get_kind_display()


class EarlyFinding(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="early_findings")
    theme = models.ForeignKey(ReviewTheme, on_delete=models.CASCADE, related_name="early_findings")
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["theme__number", "created_at"]

    def __str__(self):
        return self.text[:60]


class Hypothesis(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SUPPORTED = "supported", "Supported"
        NOT_SUPPORTED = "not_supported", "Not supported"
        MIXED = "mixed", "Mixed"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="hypotheses")
    theme = models.ForeignKey(ReviewTheme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    statement = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    documents = models.ManyToManyField(Document, blank=True, related_name="+")
    exercises = models.ManyToManyField(CaseExercise, blank=True, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["theme__number", "pk"]
        verbose_name_plural = "hypotheses"

    def __str__(self):
        return self.statement[:60]
