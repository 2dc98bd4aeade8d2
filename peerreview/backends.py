from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Signs people in with their email and password.

    Django's model permissions serve only the admin, so only staff hold any. Everyone
    else's permissions come from the rules in reviews/rules.py; answering "no" here
    without asking the database keeps a refused rule from costing two queries a page.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
