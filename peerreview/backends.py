import rules
from django.contrib.auth.backends import ModelBackend


class AccountBackend(ModelBackend):
    """Signs people in with their email and password.

    Django's model permissions serve only the admin, so only staff hold any. Everyone
    else's permissions come from the rules in reviews/rules.py; answering "no" here
    without asking the database keeps a refused rule from costing two queries a page.
    A permission a rule names (reviews.view_review, say) is the rule's alone, even where
    the admin has a model permission of the same name: a superuser gets no way round it.
    """

    def has_perm(self, user_obj, perm, obj=None):
        if rules.perm_exists(perm):
            return False
        return super().has_perm(user_obj, perm, obj)

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_staff:
            return set()
        return super().get_all_permissions(user_obj, obj)
