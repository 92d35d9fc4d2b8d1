/**
 * The drift stage: on a schedule, compares the prediction log's recent window with the champion's
 * training reference, stores a report, records its metrics and announces drift.
 */
package dev.spamflow.pipeline.drift;
