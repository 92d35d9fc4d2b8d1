/** The event contract between spamflow's stages: event types, their data records and codec. */
package dev.spamflow.events;
