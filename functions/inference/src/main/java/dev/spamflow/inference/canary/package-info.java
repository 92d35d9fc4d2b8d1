/**
 * The canary: a sticky share of requests goes to the {@code challenger} model, and the challenger
 * is rolled back automatically when its error rate or p99 latency over a sliding window breaks a
 * limit.
 */
package dev.spamflow.inference.canary;
