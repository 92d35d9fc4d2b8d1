/** The object store on MinIO or any S3-compatible server, through the MinIO Java SDK. */
package dev.spamflow.adapters.minio;
