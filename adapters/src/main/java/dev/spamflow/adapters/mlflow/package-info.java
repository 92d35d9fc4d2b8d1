/** The model registry on an MLflow tracking server: its Java client plus the REST API it lacks. */
package dev.spamflow.adapters.mlflow;
