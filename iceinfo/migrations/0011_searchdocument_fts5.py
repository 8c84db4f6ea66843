"""SQLite only: an FTS5 index over the search documents' title and body (the embedded default's search).

An external-content FTS5 table (it keeps only the index; the text stays in iceinfo_searchdocument,
rowid = the document's id), kept in sync by three triggers, so every write path (the indexing code,
cascades, bulk deletes, a restore) updates it. Tokens: unicode61 with remove_diacritics 2, so case and
accents are ignored ("inmigracion" finds "inmigración"). PostgreSQL keeps its tsvector and GIN index
(migration 0004): nothing happens there.

Beware: Django rebuilds a SQLite table to alter it (create a copy, drop, rename), which drops these
triggers. A later migration that alters SearchDocument must recreate them (run create_fts again);
tests/iceinfo/test_search.py checks they exist after all migrations.
"""

from django.db import migrations

FTS_TABLE = "iceinfo_searchdocument_fts"
DOCUMENTS = "iceinfo_searchdocument"

CREATE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5(
        title, body, content='{DOCUMENTS}', content_rowid='id', tokenize='unicode61 remove_diacritics 2')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_insert AFTER INSERT ON {DOCUMENTS} BEGIN
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_delete AFTER DELETE ON {DOCUMENTS} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS_TABLE}_update AFTER UPDATE OF title, body ON {DOCUMENTS} BEGIN
        INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO {FTS_TABLE}(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    # Index the documents that exist already.
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
]

DROP = [
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_insert",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_delete",
    f"DROP TRIGGER IF EXISTS {FTS_TABLE}_update",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]


def create_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in CREATE:
            schema_editor.execute(statement)


def drop_fts(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("iceinfo", "0010_contentdraft_review"),
    ]

    operations = [
        migrations.RunPython(create_fts, drop_fts, elidable=False),
    ]
