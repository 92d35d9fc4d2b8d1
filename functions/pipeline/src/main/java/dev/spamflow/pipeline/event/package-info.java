/**
 * The stages' CloudEvent edge, free of any framework: each handler turns its input event into the
 * stage's input, runs the stage and builds the output event, so the Knative services, the Tekton
 * step and the local pipeline all speak exactly the same events.
 */
package dev.spamflow.pipeline.event;
