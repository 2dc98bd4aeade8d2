"""Choice fields that check a choice without asking the database each time."""

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError

from reviews.models import ReviewTheme


@lru_cache(maxsize=1024)
def _themes_of(review_pk, created_at):
    return {str(theme.pk): theme for theme in ReviewTheme.objects.filter(review_id=review_pk)}


def themes_of(review):
    """The review's themes by id. They are copied from the framework when the review is created and
    never change after, so each process keeps them; the creation time in the key means a review
    that reuses an id (SQLite after a rollback, in tests) is never answered with another's."""
    themes = _themes_of(review.pk, review.created_at)
    if not themes:  # not there yet (or never): ask again next time rather than remember nothing
        _themes_of.cache_clear()
    return themes


class ReviewThemesField(forms.ModelMultipleChoiceField):
    """A review's themes (set `review`), checked against the themes it keeps: a note's save costs
    no query for them. Shown from the field's queryset like any model choice field."""

    review = None

    def _check_values(self, value):
        try:
            chosen = frozenset(str(pk) for pk in value)
        except TypeError:
            raise ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        themes = themes_of(self.review)
        for pk in chosen:
            self.validate_no_null_characters(pk)
            if pk not in themes:
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return [themes[pk] for pk in sorted(chosen)]
