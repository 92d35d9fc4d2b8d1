/**
 * The inference service: serves the champion spam model over HTTP through the lean forward pass,
 * swaps models in place on promotion events, and records what it saw.
 */
package dev.spamflow.inference;
