"""Band keys and postings keyed by (key, article) alone; each article's own keys kept on
its fingerprint row.

Django cannot turn a primary key into a composite one, so the two tables are rebuilt:
their keys are first copied onto the fingerprint rows (which the new lookups read), then
the tables are recreated and refilled from those rows.
"""

import django.db.models.deletion
from django.db import migrations, models

import provenance.fields


def fingerprints_to_old_keys(apps, schema_editor):
    fingerprints_to_keys(apps, schema_editor, composite=False)


def keys_to_fingerprints(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            """
            UPDATE provenance_fingerprint f SET
                bands = COALESCE((SELECT array_agg(b.key ORDER BY b.key)
                                  FROM provenance_bandkey b
                                  WHERE b.article_id = f.article_id), '{}'),
                hashes = COALESCE((SELECT array_agg(p.hash ORDER BY p.hash)
                                   FROM provenance_posting p
                                   WHERE p.article_id = f.article_id), '{}')
            """
        )
        return
    Fingerprint = apps.get_model("provenance", "Fingerprint")
    BandKey = apps.get_model("provenance", "BandKey")
    Posting = apps.get_model("provenance", "Posting")
    for row in Fingerprint.objects.all():
        article = row.article_id
        row.bands = sorted(BandKey.objects.filter(article_id=article).values_list("key", flat=True))
        row.hashes = sorted(
            Posting.objects.filter(article_id=article).values_list("hash", flat=True)
        )
        row.save(update_fields=["bands", "hashes"])


def fingerprints_to_keys(apps, schema_editor, *, composite: bool = True):
    """Refill the index tables from the arrays: the new ones (composite primary key)
    going forwards, the old ones going backwards."""
    if schema_editor.connection.vendor == "postgresql":
        # Filled in key order without the primary key, which is then built in one sorted
        # pass: inserting tens of millions of random keys into a live B-tree takes hours.
        for table, column, array in (
            ("provenance_bandkey", "key", "bands"),
            ("provenance_posting", "hash", "hashes"),
        ):
            if composite:
                schema_editor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {table}_pkey")
            schema_editor.execute(
                f"INSERT INTO {table} ({column}, article_id) SELECT * FROM "
                f"(SELECT unnest({array}), article_id FROM provenance_fingerprint) k ORDER BY 1"
            )
            if composite:
                schema_editor.execute(
                    f"ALTER TABLE {table} ADD CONSTRAINT {table}_pkey "
                    f"PRIMARY KEY ({column}, article_id)"
                )
            schema_editor.execute(f"ANALYZE {table}")
        return
    Fingerprint = apps.get_model("provenance", "Fingerprint")
    BandKey = apps.get_model("provenance", "BandKey")
    Posting = apps.get_model("provenance", "Posting")
    for row in Fingerprint.objects.all():
        BandKey.objects.bulk_create([BandKey(key=k, article_id=row.article_id) for k in row.bands])
        Posting.objects.bulk_create(
            [Posting(hash=h, article_id=row.article_id) for h in row.hashes]
        )


class Migration(migrations.Migration):
    dependencies = [
        ("provenance", "0005_index_rows_without_db_keys"),
        ("sources", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="fingerprint",
            name="bands",
            field=provenance.fields.KeyArrayField(default=tuple),
        ),
        migrations.AddField(
            model_name="fingerprint",
            name="hashes",
            field=provenance.fields.KeyArrayField(default=tuple),
        ),
        # Backwards, the old tables are recreated empty and refilled from the arrays.
        migrations.RunPython(keys_to_fingerprints, fingerprints_to_old_keys),
        migrations.DeleteModel(name="BandKey"),
        migrations.DeleteModel(name="Posting"),
        migrations.CreateModel(
            name="BandKey",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "key",
                        "article",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("key", models.BigIntegerField()),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.article",
                    ),
                ),
            ],
        ),
        migrations.CreateModel(
            name="Posting",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "hash",
                        "article",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("hash", models.BigIntegerField()),
                (
                    "article",
                    models.ForeignKey(
                        db_constraint=False,
                        db_index=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="sources.article",
                    ),
                ),
            ],
        ),
        migrations.RunPython(fingerprints_to_keys, migrations.RunPython.noop),
    ]
