"""Reads a Delta table with delta-rs (the `deltalake` package), independently of spamflow's Java.

Usage: read_table.py TABLE_URI VERSION[,VERSION...]

Prints JSON: for each version, the table's Delta schema (name, type, nullable) and every row
(timestamps as integer microseconds since the epoch, UTC, as Delta stores them); and the table's
history (version, operation, engineInfo). For s3:// URIs the endpoint and credentials come from
SPAMFLOW_S3_ENDPOINT, SPAMFLOW_S3_ACCESS_KEY and SPAMFLOW_S3_SECRET_KEY.
"""

import datetime
import json
import os
import sys

from deltalake import DeltaTable

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def options(uri):
    if not uri.startswith("s3://"):
        return None
    return {
        "AWS_ENDPOINT_URL": os.environ["SPAMFLOW_S3_ENDPOINT"],
        "AWS_ACCESS_KEY_ID": os.environ["SPAMFLOW_S3_ACCESS_KEY"],
        "AWS_SECRET_ACCESS_KEY": os.environ["SPAMFLOW_S3_SECRET_KEY"],
        "AWS_REGION": "us-east-1",
        "AWS_ALLOW_HTTP": "true",
    }


def plain(value):
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return (value - EPOCH) // datetime.timedelta(microseconds=1)
    return value


def main():
    uri, versions = sys.argv[1], [int(v) for v in sys.argv[2].split(",")]
    storage = options(uri)
    out = {"versions": {}}
    for version in versions:
        table = DeltaTable(uri, version=version, storage_options=storage)
        schema = [
            {"name": f.name, "type": f.type.type, "nullable": f.nullable}
            for f in table.schema().fields
        ]
        rows = [
            {k: plain(v) for k, v in row.items()} for row in table.to_pyarrow_table().to_pylist()
        ]
        out["versions"][str(version)] = {"version": table.version(), "schema": schema, "rows": rows}
    out["history"] = [
        {
            "version": h.get("version"),
            "operation": h.get("operation"),
            "engineInfo": h.get("engineInfo"),
        }
        for h in DeltaTable(uri, storage_options=storage).history()
    ]
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
