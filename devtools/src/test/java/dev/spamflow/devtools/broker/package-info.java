/**
 * Tests of the local brokers: Trigger manifests, filters, retries, dead letters, and the HTTP
 * ingress with real subscribers on loopback.
 */
package dev.spamflow.devtools.broker;
