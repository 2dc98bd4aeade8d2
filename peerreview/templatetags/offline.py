from django import template

from .. import offline

register = template.Library()


@register.simple_tag
def device_key(user):
    """Whose copies the device's scripts look at: empty when nobody is signed in."""
    return offline.device_key(user) if user.is_authenticated else ""
