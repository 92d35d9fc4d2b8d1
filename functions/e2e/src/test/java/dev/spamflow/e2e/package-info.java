/**
 * The whole pipeline end to end with real servers: MinIO's webhook, the minio-bridge, a local
 * broker routing by the Knative Triggers, the four stage services as separate processes, and
 * MLflow; with the upload-to-champion timings it measures.
 */
package dev.spamflow.e2e;
