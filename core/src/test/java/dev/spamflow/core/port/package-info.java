/** Abstract contract tests that every adapter of the ports runs, embedded and real alike. */
package dev.spamflow.core.port;
