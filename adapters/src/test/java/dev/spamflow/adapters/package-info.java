/** Shared helpers of the adapters' tests: where the real servers are and how to start more. */
package dev.spamflow.adapters;
