/**
 * The register stage: a trained candidate becomes a model version, and a quality gate against the
 * champion on the same held-out data decides whether it takes the {@code champion} alias.
 */
package dev.spamflow.pipeline.register;
