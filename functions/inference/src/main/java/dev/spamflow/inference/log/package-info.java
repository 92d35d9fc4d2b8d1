/**
 * The prediction log: every answered prediction is queued without blocking the request and written
 * in the background, in batches, as gzipped JSON Lines under {@code predictions/date=YYYY-MM-DD/}
 * through the {@link dev.spamflow.core.port.ObjectStore} port, for the drift stage to read.
 */
package dev.spamflow.inference.log;
