"""Search per language: each search document says its item's language, and on PostgreSQL
Spanish documents get a text-search configuration of their own.

`portal_spanish` is PostgreSQL's 'spanish' with the accents taken away first (the unaccent
extension, a trusted extension in PostgreSQL's contrib since 13): "neuropatia" and
"neuropatía" are one word, and "nervios" and "nervio" one stem. Spanish stop words are
dropped before their accents are ("está", "más"), as 'spanish' drops them. The vectors are
stored in a column, so no index expression needs an immutable unaccent function.

Documents already in the table are taken to be in the source language: after migrating, run
`python manage.py rebuild_search_index` once so that those of Spanish versions written
before this release are labelled, indexed and matched in Spanish.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations, models

import portal.languages
from portal.ops.db import PostgresOnlySQL


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0010_author_translated_credentials"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchdocument",
            name="language",
            field=models.CharField(default=portal.languages.source_language, max_length=12, verbose_name="language"),
        ),
        UnaccentExtension(),
        PostgresOnlySQL(
            sql=[
                "CREATE TEXT SEARCH DICTIONARY portal_spanish_stop "
                "(TEMPLATE = pg_catalog.simple, STOPWORDS = spanish, ACCEPT = false)",
                "CREATE TEXT SEARCH CONFIGURATION portal_spanish (COPY = pg_catalog.spanish)",
                "ALTER TEXT SEARCH CONFIGURATION portal_spanish "
                "ALTER MAPPING FOR hword, hword_part, word WITH portal_spanish_stop, unaccent, spanish_stem",
            ],
            reverse_sql=[
                "DROP TEXT SEARCH CONFIGURATION IF EXISTS portal_spanish",
                "DROP TEXT SEARCH DICTIONARY IF EXISTS portal_spanish_stop",
            ],
        ),
    ]
