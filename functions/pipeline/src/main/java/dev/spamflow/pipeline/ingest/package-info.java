/** The ingest stage: an upload under inbox/ becomes a validated, deduplicated raw dataset. */
package dev.spamflow.pipeline.ingest;
