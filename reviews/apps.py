from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "reviews"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import audit

        user_logged_in.connect(audit.on_signed_in, dispatch_uid="audit.sign_in")
        user_login_failed.connect(audit.on_sign_in_failed, dispatch_uid="audit.sign_in_failed")
        from peerreview.two_factor import two_factor_changed

        two_factor_changed.connect(audit.on_two_factor_changed, dispatch_uid="audit.two_factor")
