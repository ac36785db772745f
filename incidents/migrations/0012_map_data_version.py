# The map's data version: one row counting the transactions that changed incidents, kept by triggers, so the map
# learns that its summary is stale from one row instead of counting a million incidents per request.
# PostgreSQL: a deferred constraint trigger counts a transaction once, at its commit: the counter's row is locked
# only while the transaction commits (after its own row locks), so writers never deadlock over it, and a reader sees
# the new count with the change it counts. A TRUNCATE counts too. SQLite (writers one at a time): row triggers.

from django.db import migrations, models

BUMP = ("INSERT INTO incidents_mapdataversion (id, counter) VALUES (1, 1) "
        "ON CONFLICT (id) DO UPDATE SET counter = incidents_mapdataversion.counter + 1;")

POSTGRESQL = [
    f"""CREATE FUNCTION incidents_map_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'TRUNCATE' OR current_setting('incidents.map_counted', true) IS DISTINCT FROM 'yes' THEN
            {BUMP}
            IF TG_OP <> 'TRUNCATE' THEN
                PERFORM set_config('incidents.map_counted', 'yes', true);
            END IF;
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE CONSTRAINT TRIGGER incident_map_changed AFTER INSERT OR UPDATE OR DELETE ON incidents_incident "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION incidents_map_changed()",
    "CREATE TRIGGER incident_map_truncated AFTER TRUNCATE ON incidents_incident "
    "FOR EACH STATEMENT EXECUTE FUNCTION incidents_map_changed()",
]
POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS incident_map_changed ON incidents_incident",
    "DROP TRIGGER IF EXISTS incident_map_truncated ON incidents_incident",
    "DROP FUNCTION IF EXISTS incidents_map_changed()",
]
SQLITE = [f"CREATE TRIGGER incident_map_{event.lower()}d AFTER {event} ON incidents_incident BEGIN {BUMP} END"
          for event in ("INSERT", "UPDATE", "DELETE")]
SQLITE_REVERSE = [f"DROP TRIGGER IF EXISTS incident_map_{event}d" for event in ("insert", "update", "delete")]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)
    return run


class Migration(migrations.Migration):

    dependencies = [
        ('incidents', '0011_map_covering_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='MapDataVersion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('counter', models.BigIntegerField(default=0)),
            ],
        ),
        migrations.RunPython(_run({"postgresql": POSTGRESQL, "sqlite": SQLITE}),
                             _run({"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE})),
    ]
