/** The ports through which stages reach storage, the model registry and the event broker. */
package dev.spamflow.core.port;
