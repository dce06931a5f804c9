-- Schema version 4: the learned weights at a few steps of each run, for replaying its training
-- (src-main/store/snapshots.ts). At most SNAPSHOT_BUDGET (64) a run, at log-spaced steps plus the
-- last (src-shared/weights/schedule.ts). `layout`: JSON of the units (kind, gates, each matrix's
-- name and shape); `data`: every matrix's values in that order as little-endian Float32 (a replay
-- draws them; the run's exact final weights stay in run_details.weights).
CREATE TABLE weight_snapshots (
  run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  step    INTEGER NOT NULL,
  layout  TEXT NOT NULL,
  data    BLOB NOT NULL,
  PRIMARY KEY (run_id, step)
) WITHOUT ROWID;
