"""bench:land oracle: reads a landed table's current snapshot with pyiceberg (not Floe) and prints its counts.

usage: python land_counts.py CATALOG_DB NAMESPACE.TABLE  → {"rows", "distinct_keys", "min_id", "max_id",
"data_files", "delete_files", "snapshots", "files_written"}; distinct_keys counts the `key` column (upsert tables) or is null.
"""
import json
import sqlite3
import sys
import warnings

warnings.filterwarnings("ignore")
import pyarrow.compute as pc  # noqa: E402
from pyiceberg.catalog.sql import SqlCatalog  # noqa: E402

catalog_db, name = sys.argv[1], sys.argv[2]
with sqlite3.connect(catalog_db) as db:
    catalog_name = db.execute("SELECT DISTINCT catalog_name FROM iceberg_tables").fetchone()[0]
table = SqlCatalog(catalog_name, uri=f"sqlite:///{catalog_db}").load_table(name)
scan = table.scan(selected_fields=tuple(f for f in ("id", "key") if f in {c.name for c in table.schema().fields}))
tasks = list(scan.plan_files())
data = scan.to_arrow()
ids = data.column("id")
print(json.dumps({
    "rows": data.num_rows,
    "distinct_keys": len(pc.unique(data.column("key"))) if "key" in data.column_names else None,
    "min_id": pc.min(ids).as_py(),
    "max_id": pc.max(ids).as_py(),
    "data_files": len(tasks),
    "delete_files": len({d.file_path for t in tasks for d in t.delete_files}),
    "snapshots": len(table.metadata.snapshots),
    "files_written": sum(int(s.summary.get("added-data-files") or 0) + int(s.summary.get("added-delete-files") or 0) for s in table.metadata.snapshots),
}))
