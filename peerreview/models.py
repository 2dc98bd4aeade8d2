from django.contrib import auth
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone


class UserManager(BaseUserManager):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email):
        # One account per address, whatever the capitals.
        return (email or "").strip().lower()

    def get_by_natural_key(self, email):
        return self.get(email=self.normalize_email(email))

    def create_user(self, email, password=None, **extra_fields):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address.

    What they may do on a review is decided by their membership of it
    (reviews.Membership). The one programme-wide capability is being a review
    manager, who may start reviews and keep the shared lists.
    """

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    # How letters address them and they sign ("Director of Children's Services").
    job_title = models.CharField("job title", max_length=150, blank=True)
    is_staff = models.BooleanField(
        "staff status", default=False, help_text="Can sign in to the Django admin."
    )
    is_review_manager = models.BooleanField(
        "review manager",
        default=False,
        help_text="Runs reviews for the programme: can create reviews and keep councils and the framework.",
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name", "email"]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = type(self).objects.normalize_email(self.email)

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def has_perm(self, perm, obj=None):
        """Asks the backends, without Django's "a superuser may do anything" short cut.

        A review's notes, evidence and findings are for its members whatever flags an account
        has: the rules (reviews/rules.py) decide for a superuser as for anyone, and the account
        backend gives a superuser the admin's model permissions, none that a rule names.
        """
        if not self.is_active:
            return False
        for backend in auth.get_backends():
            try:
                if hasattr(backend, "has_perm") and backend.has_perm(self, perm, obj):
                    return True
            except PermissionDenied:  # a backend may refuse outright, as in Django's own loop
                return False
        return False


class TrackedJob(models.Model):
    """A background job with a status row of its own, looked after by the sweeper (`peerreview.jobs`).

    A concrete job has `status` and `failure` fields, names the statuses that mean waiting,
    working and failed and its Celery task, and is registered in its app's `ready()`.
    """

    JOB_TASK = ""
    JOB_WAITING = "queued"
    JOB_WORKING = "running"
    JOB_FAILED = "failed"

    # Times the job was handed to the broker; the sweeper gives up after JOB_MAX_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)
    # The last sign of life: queued, handed to the broker, or taken by a worker.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # The Celery task that took the job, so a redelivered message may carry on and a duplicate may not.
    worker_token = models.CharField(max_length=64, blank=True)
    # Why the job is waiting for the sweeper (the broker could not be reached), shown to the user.
    queue_problem = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True


class Message(TrackedJob):
    """One email the product sent to one person, kept for their "Messages" page (`peerreview.messages`).

    It is also the job that sends it: queued with the change that caused it, sent by a worker,
    and sent again by the sweeper if the broker could not be reached. Nothing confidential goes
    in it: no finding, no note, no participant's name, only what waits and a link to it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Sending"
        SENT = "sent", "Sent"
        FAILED = "failed", "Not sent"

    JOB_TASK = "peerreview.tasks.send_message"
    JOB_WAITING = Status.QUEUED
    JOB_WORKING = Status.SENDING
    JOB_FAILED = Status.FAILED

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="messages_received")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    # A path on this site ("/reviews/3/letter/"); the email carries it as a full address.
    link = models.CharField(max_length=500)
    # The review it is about, as a plain number: peerreview knows nothing of reviews.
    review_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    failure = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "-created_at"], name="message_inbox")]

    def __str__(self):
        return f"{self.subject} (to {self.recipient})"
