/**
 * The dead-letter sink: where the Broker sends an event a Trigger gave up on, logged and counted.
 */
package dev.spamflow.events.deadletter;
