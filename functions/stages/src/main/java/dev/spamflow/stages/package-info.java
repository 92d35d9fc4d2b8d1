/**
 * The pipeline stages as Spring Cloud Function services, one stage per Knative Service (chosen by
 * {@code SPRING_CLOUD_FUNCTION_DEFINITION}), and the trainer as a command-line step for a Tekton
 * task; both configured from the same environment variables ({@link StageSettings}).
 */
package dev.spamflow.stages;
