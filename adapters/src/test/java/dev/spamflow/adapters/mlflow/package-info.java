/** Integration tests of the MLflow model registry against a real MLflow tracking server. */
package dev.spamflow.adapters.mlflow;
