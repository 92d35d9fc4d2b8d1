package dev.spamflow.core.data;

/**
 * The content hashes ({@link ContentHash#of}) of the parts of a split, recorded with a run so that
 * it can be reproduced and checked.
 *
 * @param train hash of the training part
 * @param validation hash of the validation part
 * @param test hash of the test part
 */
public record SplitHashes(String train, String validation, String test) {}
