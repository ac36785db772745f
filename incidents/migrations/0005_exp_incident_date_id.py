# The exports stream incidents in (date, id) order: this index serves that order without a sort of every row.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("incidents", "0003_article_queued_at"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="incident",
            index=models.Index(fields=["date", "id"], name="incident_date_id"),
        ),
    ]
