/** A message's features from the online feature store, or computed for a new message. */
package dev.spamflow.inference.features;
