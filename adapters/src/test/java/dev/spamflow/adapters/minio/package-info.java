/** Integration tests of the MinIO object store against a real MinIO server. */
package dev.spamflow.adapters.minio;
