"""PostgreSQL search indexes: full text on the weighted vector, trigrams on names.

On SQLite this migration
does nothing (search falls back to simple matching there).

fastupdate is off: content changes are rare, and without a pending list the planner
prices (and uses) the indexes correctly straight after a bulk load.
"""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

from portal.ops.db import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0002_search_documents"),
    ]

    operations = [
        TrigramExtension(),
        PostgresOnlySQL(
            sql="CREATE INDEX portal_search_vector_gin ON portal_searchdocument USING gin (vector) WITH (fastupdate = off)",
            reverse_sql="DROP INDEX IF EXISTS portal_search_vector_gin",
        ),
        PostgresOnlySQL(
            sql="CREATE INDEX portal_search_names_trgm ON portal_searchdocument USING gin (names gin_trgm_ops) WITH (fastupdate = off)",
            reverse_sql="DROP INDEX IF EXISTS portal_search_names_trgm",
        ),
    ]
