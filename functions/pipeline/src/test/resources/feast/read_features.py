"""Reads spamflow's features back with Feast's own client.

Usage: read_features.py REPO WORK IDS_FILE AT

Copies the feature repository REPO to WORK, applies its definitions (registry in WORK), then for
the message ids in IDS_FILE (one per line) prints JSON with
  online:     get_online_features (Redis, SPAMFLOW_FEAST_REDIS) as {feature: [value per id]}
  historical: get_historical_features (the Delta table, SPAMFLOW_FEATURES_TABLE) for each id at
              the instant AT (ISO-8601), as a list of rows
"""

import importlib.util
import json
import shutil
import sys
from pathlib import Path

import pandas as pd
from feast import FeatureStore

FEATURES = [
    "text_length",
    "word_count",
    "has_url",
    "has_email",
    "digit_share",
    "upper_case_share",
    "has_currency",
]


def main():
    # DuckDB's delta extension from its PyPI package (duckdb-extension-delta), installed into
    # ~/.duckdb before Feast's DuckDB store asks for it: DuckDB would download it otherwise.
    from duckdb_extensions import import_extension

    import_extension("delta")
    repo, work, ids_file, at = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], sys.argv[4]
    shutil.copytree(repo, work, dirs_exist_ok=True, ignore=shutil.ignore_patterns("data"))
    spec = importlib.util.spec_from_file_location("definitions", work / "definitions.py")
    definitions = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(definitions)
    store = FeatureStore(repo_path=str(work))
    store.apply([definitions.message, definitions.features_table, definitions.message_features])

    ids = [line.strip() for line in Path(ids_file).read_text().splitlines() if line.strip()]
    refs = [f"message_features:{name}" for name in FEATURES]
    online = store.get_online_features(
        features=refs, entity_rows=[{"message_id": i} for i in ids]
    ).to_dict()

    entity_df = pd.DataFrame(
        {"message_id": ids, "event_timestamp": [pd.Timestamp(at)] * len(ids)}
    )
    historical = store.get_historical_features(entity_df=entity_df, features=refs).to_df()
    rows = []
    for record in historical.to_dict(orient="records"):
        row = {"message_id": record["message_id"]}
        for name in FEATURES:
            value = record.get(name)
            row[name] = None if pd.isna(value) else value.item() if hasattr(value, "item") else value
        rows.append(row)
    json.dump({"online": online, "historical": rows}, sys.stdout, default=str)


if __name__ == "__main__":
    main()
