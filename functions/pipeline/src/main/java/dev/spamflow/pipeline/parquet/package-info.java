/** Parquet files on local disk through parquet-hadoop without a Hadoop runtime. */
package dev.spamflow.pipeline.parquet;
