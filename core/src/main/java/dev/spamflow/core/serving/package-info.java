/**
 * The prediction path in plain Java, with no DL4J or ND4J: the trained network's weights, their
 * file, and the lean forward pass that scores encoded messages.
 */
package dev.spamflow.core.serving;
