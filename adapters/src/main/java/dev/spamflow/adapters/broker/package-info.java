/**
 * The in-process broker of a local run, routing by the filters of the project's Knative Triggers.
 */
package dev.spamflow.adapters.broker;
