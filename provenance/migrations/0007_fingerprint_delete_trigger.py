"""On PostgreSQL, deleting fingerprint rows deletes their band keys, postings and
paragraph keys (all written with them), by whatever path the delete comes (ORM, raw
SQL, psql).

The index tables have no article-id index, so rows a fingerprint leaves behind could
only be found by scanning tens of millions, and re-fingerprinting the article would
then collide with them. One statement-level trigger reads the deleted rows' key arrays
and deletes by primary key, set-based; inserts pay nothing. SQLite relies on the
pre_delete receiver in provenance.signals instead.
"""

from django.db import migrations

CREATE = """
CREATE FUNCTION provenance_fingerprint_index_rows_delete() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM provenance_bandkey b
    USING (SELECT unnest(bands) AS key, article_id FROM gone) g
    WHERE b.key = g.key AND b.article_id = g.article_id;
    DELETE FROM provenance_posting p
    USING (SELECT unnest(hashes) AS hash, article_id FROM gone) g
    WHERE p.hash = g.hash AND p.article_id = g.article_id;
    DELETE FROM provenance_paragraph WHERE article_id IN (SELECT article_id FROM gone);
    RETURN NULL;
END $$;
CREATE TRIGGER provenance_fingerprint_index_rows_delete
AFTER DELETE ON provenance_fingerprint REFERENCING OLD TABLE AS gone
FOR EACH STATEMENT EXECUTE FUNCTION provenance_fingerprint_index_rows_delete();
"""

DROP = """
DROP TRIGGER provenance_fingerprint_index_rows_delete ON provenance_fingerprint;
DROP FUNCTION provenance_fingerprint_index_rows_delete();
"""


def run(sql: str):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("provenance", "0006_index_rows_one_btree_entry")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
