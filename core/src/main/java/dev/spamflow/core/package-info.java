/** The spamflow domain: data, text, model and ports, free of any framework. */
package dev.spamflow.core;
