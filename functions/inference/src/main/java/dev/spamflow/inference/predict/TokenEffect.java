package dev.spamflow.inference.predict;

/**
 * How much one token moved a message's spam probability.
 *
 * @param token the token as the model saw it (after cleaning; {@code <oov>} words keep their text)
 * @param position its index among the message's tokens
 * @param effect the spam probability with the token minus without it: positive pushed towards spam,
 *     negative towards ham
 */
public record TokenEffect(String token, int position, double effect) {}
