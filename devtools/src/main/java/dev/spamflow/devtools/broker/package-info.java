/**
 * The brokers of a local run, in-process and over HTTP, routing by the filters and delivery specs
 * of the project's Knative Triggers.
 */
package dev.spamflow.devtools.broker;
