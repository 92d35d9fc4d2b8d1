/** The {@code spamflow} command line: train, evaluate, predict and benchmark models. */
package dev.spamflow.cli;
