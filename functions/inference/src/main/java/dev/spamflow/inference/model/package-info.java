/**
 * The model lifecycle, free of Micronaut: loading a bundle from a folder or the registry, checking
 * it, and swapping it in atomically while requests keep being answered.
 */
package dev.spamflow.inference.model;
