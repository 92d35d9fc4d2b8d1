/**
 * Answering predictions, free of Micronaut: champion or canary challenger, explanations, the
 * prediction log and the prediction metrics.
 */
package dev.spamflow.inference.predict;
