package dev.spamflow.pipeline;

/**
 * One file of a dataset folder as its manifest records it.
 *
 * @param key the object key
 * @param size bytes
 * @param sha256 the SHA-256 of the bytes, 64 lower-case hex digits
 * @param rows rows in the file (Parquet rows or JSON lines)
 */
public record FileEntry(String key, long size, String sha256, long rows) {}
