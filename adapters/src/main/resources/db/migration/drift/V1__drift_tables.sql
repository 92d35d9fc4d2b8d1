-- Drift runs and their metrics, one row per feature or method and metric (Grafana's panels read
-- these; their SQL is tested in GrafanaDashboardIT). Times are UTC instants.
CREATE TABLE drift_runs (
    run_id        text PRIMARY KEY,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    model         text NOT NULL,
    model_version text NOT NULL,
    messages      bigint NOT NULL,
    status        text NOT NULL,
    drifted       boolean NOT NULL,
    report_key    text NOT NULL,
    checked_at    timestamptz NOT NULL
);

CREATE INDEX drift_runs_window_end ON drift_runs (window_end);

CREATE TABLE drift_metrics (
    run_id        text NOT NULL REFERENCES drift_runs (run_id) ON DELETE CASCADE,
    position      integer NOT NULL,
    window_start  timestamptz NOT NULL,
    window_end    timestamptz NOT NULL,
    model_version text NOT NULL,
    subject       text NOT NULL,
    metric        text NOT NULL,
    value         double precision NOT NULL,
    -- NULL for a value reported without a threshold (PSI).
    threshold     double precision,
    drifted       boolean NOT NULL,
    PRIMARY KEY (run_id, position)
);

CREATE INDEX drift_metrics_window_end ON drift_metrics (window_end);
CREATE INDEX drift_metrics_subject ON drift_metrics (subject, metric, window_end);
