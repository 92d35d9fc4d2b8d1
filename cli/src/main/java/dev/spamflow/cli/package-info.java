/**
 * The {@code spamflow} command line: train, evaluate, predict, benchmark, and the local pipeline.
 */
package dev.spamflow.cli;
