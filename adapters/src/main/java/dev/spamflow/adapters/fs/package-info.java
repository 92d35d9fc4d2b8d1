/** Embedded file-system adapters: the object store and model registry of a local run. */
package dev.spamflow.adapters.fs;
