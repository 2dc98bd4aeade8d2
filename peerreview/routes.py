"""peerreview's own routes: the dashboard, signing in and out, passwords, and the health check.

Not namespaced: Django's authentication views reverse these names (``password_reset_done``...) as they are.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path, reverse_lazy

from . import forms, health, offline, two_factor, views
from .ratelimit import rate_limited

account_patterns = [
    path(
        "sign-in/",
        rate_limited("sign-in", per_minute=20)(
            auth_views.LoginView.as_view(
                authentication_form=forms.SignInForm,
                redirect_authenticated_user=True,
                extra_context={"title": "Sign in"},
            )
        ),
        name="sign-in",
    ),
    path("sign-out/", auth_views.LogoutView.as_view(), name="sign-out"),
    path("two-factor/setup/", two_factor.setup, name="two-factor-setup"),
    path(
        "two-factor/verify/",
        rate_limited("two-factor", per_minute=10)(two_factor.verify),
        name="two-factor-verify",
    ),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(
            form_class=forms.PasswordChangeForm, title="Change your password"
        ),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(title="Your password has been changed"),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        rate_limited("password-reset")(
            auth_views.PasswordResetView.as_view(
                form_class=forms.PasswordResetForm,
                title="Reset your password",
                subject_template_name="registration/password_reset_subject.txt",
            )
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(title="Check your email"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            form_class=forms.SetPasswordForm,
            success_url=reverse_lazy("password_reset_complete"),
            title="Choose a new password",
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(title="Your password has been reset"),
        name="password_reset_complete",
    ),
]

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("messages/", views.messages_page, name="messages"),
    path("accounts/", include(account_patterns)),
    path("healthz", health.healthz, name="healthz"),
    # The offline web app (peerreview.offline): public, and holding nothing of any review.
    path("sw.js", offline.service_worker, name="service-worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("offline/", offline.offline_page, name="offline"),
    path("device/", offline.device_page, name="device"),
    path("device/state/", offline.device_state, name="device-state"),
]
