/** Publishing CloudEvents over HTTP in binary mode to a Knative sink. */
package dev.spamflow.adapters.http;
