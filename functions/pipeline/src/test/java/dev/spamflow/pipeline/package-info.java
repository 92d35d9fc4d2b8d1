/** Test helpers shared by the stage tests: the embedded store and ways to look into it. */
package dev.spamflow.pipeline;
