/**
 * Streaming readers for labelled message files (SMS TSV, CSV, JSON Lines) with per-row rejects,
 * deduplication, content hashing and the seeded stratified train/validation/test split.
 */
package dev.spamflow.core.data;
