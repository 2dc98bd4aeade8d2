"""`{% review_sections review section as sections %}`: the review's navigation for the signed-in viewer."""

from django import template

from .. import navigation

register = template.Library()


@register.simple_tag(takes_context=True)
def review_sections(context, review, current=None):
    """The sections of `review` (see peerreview.navigation), `current` marking the page's own."""
    return navigation.review_sections(context["request"].user, review, current)
