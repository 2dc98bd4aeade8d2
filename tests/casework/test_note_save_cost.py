"""Saving a note asks the database only what it must: the review's themes are known to each process."""

import uuid

from django.db import connection
from django.urls import reverse

from casework.forms.choices import themes_of
from casework.models import Note
from reviews.models import ReviewTheme
from tests.casework.helpers import note_data


def test_a_review_s_themes_are_looked_up_once_per_process(site, django_assert_num_queries):
    expected = {str(pk) for pk in site.review.themes.values_list("pk", flat=True)}
    themes_of(site.review)
    with django_assert_num_queries(0):
        assert set(themes_of(site.review)) == expected


def test_a_saved_note_carries_the_themes_chosen(client, site):
    client.force_login(site.peer)
    chosen = list(site.review.themes.order_by("number").values_list("pk", flat=True)[:2])
    client.post(reverse("casework:note-create", args=[site.review.pk]), note_data(site, themes=chosen))
    assert sorted(Note.objects.get().themes.values_list("pk", flat=True)) == sorted(chosen)


def test_a_theme_id_that_is_not_a_number_is_refused(client, site):
    client.force_login(site.peer)
    response = client.post(
        reverse("casework:note-create", args=[site.review.pk]), note_data(site, themes=["abc"])
    )
    assert response.context["form"].errors["themes"] == ["Choose this review's themes"]
    assert not Note.objects.exists()


def test_saving_a_note_again_checks_its_themes_without_a_query(client, site):
    client.force_login(site.peer)
    url = reverse("casework:note-create", args=[site.review.pk])
    client.post(url, note_data(site, client_id=uuid.uuid4()))
    theme_queries = []

    def watch(execute, sql, params, many, context):
        if ReviewTheme._meta.db_table in sql and "SELECT" in sql and "INSERT" not in sql:
            theme_queries.append(sql)
        return execute(sql, params, many, context)

    data = note_data(site, client_id=uuid.uuid4())
    with connection.execute_wrapper(watch):
        client.post(url, data)
    assert Note.objects.count() == 2
    assert theme_queries == []
