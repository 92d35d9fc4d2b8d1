/** Tests of the in-process broker: Trigger manifests, filters, retries and dead letters. */
package dev.spamflow.adapters.broker;
