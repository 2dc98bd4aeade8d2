from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, permission, obj=None):
    """Whether the signed-in person has a permission, asked through the rules like every view does."""
    return context["request"].user.has_perm(permission, obj)
