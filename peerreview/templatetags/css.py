"""Putting text inside a CSS string, e.g. the letter's running footer in an `@page` margin box."""

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _escape(char):
    if char.isalnum() or char == " ":
        return char
    # NUL can't be written in CSS at all; everything else becomes a hex escape. The space after it
    # ends the escape (CSS swallows it), so a following digit or letter isn't read as more hex.
    return f"\\{ord(char) if char != chr(0) else 0xFFFD:x} "


@register.filter
def cssstring(value):
    """The text, safe between CSS double or single quotes: quotes, backslashes, newlines and `</style>`
    can't end the string or the style sheet. Unlike `escapejs` (JavaScript's `\\u0026`, which CSS
    prints as `u0026`), a CSS reader turns these escapes back into the original characters."""
    return mark_safe("".join(_escape(char) for char in str(value)))
