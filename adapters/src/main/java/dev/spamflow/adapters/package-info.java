/** Adapters that connect the core ports to MinIO, MLflow, a Knative broker and local files. */
package dev.spamflow.adapters;
