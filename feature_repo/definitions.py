"""spamflow's feature definitions for Feast: the entity, the offline source and the feature view.

The names must match what spamflow writes: the entity's join key `message_id`, the view
`message_features` (MessageTables.FEATURE_VIEW) and its columns (MessageTables.FEATURES_SCHEMA,
TextFeatures in core). `FeastReadBackIT` applies this file and reads back, with Feast's own
`get_online_features` and `get_historical_features`, what curate wrote.
"""

import os
from datetime import timedelta

from feast import Entity, FeatureView, Field, FileSource, ValueType
from feast.data_format import DeltaFormat
from feast.types import Bool, Float64, Int32

message = Entity(
    name="message",
    join_keys=["message_id"],
    value_type=ValueType.STRING,
    description="A curated message: SHA-256 of its dedup key, as in the curated Parquet parts.",
)

features_table = FileSource(
    name="features_messages",
    path=os.environ.get("SPAMFLOW_FEATURES_TABLE", "s3://spamflow/lakehouse/features/messages"),
    file_format=DeltaFormat(),
    timestamp_field="event_timestamp",
    created_timestamp_column="created_timestamp",
    s3_endpoint_override=os.environ.get("AWS_ENDPOINT_URL") or None,
    description="lakehouse/features/messages, appended to by curate once per dataset.",
)

message_features = FeatureView(
    name="message_features",
    entities=[message],
    # A message's features never expire: they are a function of its text.
    ttl=timedelta(0),
    schema=[
        Field(name="text_length", dtype=Int32),
        Field(name="word_count", dtype=Int32),
        Field(name="has_url", dtype=Bool),
        Field(name="has_email", dtype=Bool),
        Field(name="digit_share", dtype=Float64),
        Field(name="upper_case_share", dtype=Float64),
        Field(name="has_currency", dtype=Bool),
    ],
    source=features_table,
    online=True,
    description="TextFeatures of every curated message; online in Redis, offline in Delta.",
)
