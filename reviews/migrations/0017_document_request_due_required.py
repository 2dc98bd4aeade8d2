# Its own migration: on PostgreSQL, altering the table in the transaction that filled it fails.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("reviews", "0016_document_requests")]

    operations = [migrations.AlterField(model_name="documentrequest", name="due", field=models.DateField())]
