/** Architecture rules for core, checked as tests. */
package dev.spamflow.core.arch;
