/**
 * The HTTP surface (Micronaut controllers, filters and error handlers): the spamflow JSON API, the
 * Open Inference Protocol v2, health probes, metrics, CloudEvents and the OpenAPI document.
 */
package dev.spamflow.inference.http;
