/** The PostgreSQL adapter: drift runs and metrics in tables Grafana reads, schema by Flyway. */
package dev.spamflow.adapters.postgres;
