/**
 * The inference benchmark's tools, run by {@code scripts/bench-inference} (not tests): an open-loop
 * load generator and a cold-start timer, on plain JDK classes so that they run from {@code
 * test-classes} alone.
 */
package dev.spamflow.inference.bench;
