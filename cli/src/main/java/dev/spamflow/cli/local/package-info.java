/** Runs the whole pipeline in one process on the embedded store, registry and broker. */
package dev.spamflow.cli.local;
