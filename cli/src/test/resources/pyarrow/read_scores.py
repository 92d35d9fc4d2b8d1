"""Reads spamflow score output with pyarrow, an independent Parquet reader, and prints it as JSON.

Usage: read_scores.py SCORES_DIR
Prints {"schema": {column: arrow type}, "rows": [{column: value}, ...]}, the directory read as one
hive-partitioned dataset (date=YYYY-MM-DD), the way Spark, DuckDB or pandas users would read it.
"""
import json
import sys

import pyarrow.dataset as ds


def main(directory):
    dataset = ds.dataset(directory, format="parquet", partitioning="hive")
    table = dataset.to_table().sort_by("message_id")
    rows = []
    for row in table.to_pylist():
        row["scored_at"] = row["scored_at"].isoformat()
        rows.append(row)
    schema = {field.name: str(field.type) for field in table.schema}
    nullable = {field.name: field.nullable for field in table.schema}
    json.dump({"schema": schema, "nullable": nullable, "rows": rows}, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1])
