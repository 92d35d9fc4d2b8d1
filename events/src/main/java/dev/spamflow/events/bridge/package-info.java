/** The minio-bridge: turns S3-style bucket notifications into CloudEvents for the broker. */
package dev.spamflow.events.bridge;
