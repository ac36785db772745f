# The map's queries answered from indexes alone on PostgreSQL (covering, partial on the incidents the map counts):
# a time window's cells and the summary's days, and the summary's points by place. SQLite ignores INCLUDE.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0010_historical_place_candidates'),
    ]

    operations = [
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('point__isnull', False), models.Q(('review_status', 'rejected'), _negated=True)), fields=['date', 'event_type', 'geo_precision'], include=('place', 'point', 'id'), name='incident_map_window'),
        ),
        migrations.AddIndex(
            model_name='incident',
            index=models.Index(condition=models.Q(('point__isnull', False), models.Q(('review_status', 'rejected'), _negated=True)), fields=['place', 'event_type', 'geo_precision'], include=('point',), name='incident_map_points'),
        ),
    ]
