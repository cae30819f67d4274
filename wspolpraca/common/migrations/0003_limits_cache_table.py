"""The table of the "limits" cache (settings.CACHES, docs/decisions/0006): the counters of the
per-address limits, shared by every worker when REDIS_URL is not set. Made whatever the cache
settings are now, so that dropping REDIS_URL later needs no extra step."""

from django.conf import settings
from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, settings.LIMITS_CACHE_TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(settings.LIMITS_CACHE_TABLE)}")


class Migration(migrations.Migration):
    dependencies = [("common", "0002_accessibility_statement_fields")]

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
