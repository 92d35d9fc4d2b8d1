/** Labels users send back about answers they disagree with, stored for retraining. */
package dev.spamflow.inference.feedback;
