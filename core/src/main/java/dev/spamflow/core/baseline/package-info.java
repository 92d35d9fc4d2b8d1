/** Classic non-neural baselines that the LSTM has to beat on the same split. */
package dev.spamflow.core.baseline;
