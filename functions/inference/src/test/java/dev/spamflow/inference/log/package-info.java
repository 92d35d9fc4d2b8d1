/** Tests of the prediction log, on the embedded store and (in the IT) on a real MinIO. */
package dev.spamflow.inference.log;
