from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
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
