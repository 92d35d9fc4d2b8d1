/** Tests of canary routing and automatic rollback, on a clock the tests move by hand. */
package dev.spamflow.inference.canary;
