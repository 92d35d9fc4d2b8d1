/** The ingest and curate stages' shared vocabulary: their inputs, dataset keys and manifests. */
package dev.spamflow.pipeline;
