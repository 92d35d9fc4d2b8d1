/** Tests of the event contract: schemas, examples and data records agree. */
package dev.spamflow.events;
