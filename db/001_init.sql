-- NALU Lab run store, schema version 1.
-- Applied by src-main/store/migrations.ts inside one transaction; PRAGMA user_version is set there.
-- 'NALU' in ASCII: lets the store tell its own files from other SQLite databases.
PRAGMA application_id = 1312902229;

CREATE TABLE experiments (
  id          INTEGER PRIMARY KEY,
  -- stable across bundle export/import, so importing the same bundle twice does not duplicate
  uid         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  preset      TEXT,
  -- the whole ExperimentSpec (problem, models, training, seeds, tags, notes) as JSON
  spec        TEXT NOT NULL,
  created_at  TEXT NOT NULL
);
-- a covering index: the free-text search scans names without reading the spec JSON
CREATE INDEX experiments_name ON experiments(name);

-- The hot table of the history list: kept slim (no JSON payloads) so scans and sorts stay in few
-- pages. The metric columns are written once, when the run ends (final metrics, or else its last
-- epoch's); an active run's are read from its newest epoch. epochs_done is the only column an epoch
-- append updates, and it is not indexed, so an append touches two pages.
CREATE TABLE runs (
  id                INTEGER PRIMARY KEY,
  uid               TEXT NOT NULL UNIQUE,
  experiment_id     INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  model             TEXT NOT NULL,
  preset            TEXT,
  seed              INTEGER NOT NULL,
  status            TEXT NOT NULL CHECK (status IN
                      ('queued', 'running', 'completed', 'cancelled', 'diverged', 'interrupted', 'failed')),
  outputs           INTEGER NOT NULL,
  epochs            INTEGER NOT NULL,
  epochs_done       INTEGER NOT NULL DEFAULT 0,
  train_mse         REAL,
  interp_mse        REAL,
  extrap_mse        REAL,
  success_count     INTEGER,
  notes             TEXT NOT NULL DEFAULT '',
  backend           TEXT,
  config_hash       TEXT NOT NULL,
  error             TEXT,
  diverged_at_epoch INTEGER,
  created_at        TEXT NOT NULL,
  started_at        TEXT,
  ended_at          TEXT,
  -- the process that owns a queued/running run (see owner.ts); NULL once the run has ended
  owner_pid         INTEGER,
  owner_token       TEXT
);

-- Filters (and sorts by NOT NULL columns) walk these; metric sorts are a top-N sort of the filtered
-- rows (NULLS LAST and the live value of active runs rule an index out; bench/store.ts measures it).
CREATE INDEX runs_experiment ON runs(experiment_id);
CREATE INDEX runs_status ON runs(status);
CREATE INDEX runs_model ON runs(model);
CREATE INDEX runs_preset ON runs(preset);
CREATE INDEX runs_seed ON runs(seed);
CREATE INDEX runs_created ON runs(created_at);

-- Cold per-run payloads, read only by "one run in full" and bundles.
CREATE TABLE run_details (
  run_id       INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
  model_spec   TEXT NOT NULL,
  config       TEXT NOT NULL,
  environment  TEXT,
  final        TEXT,
  weights      TEXT
);

CREATE TABLE run_tags (
  run_id  INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  pos     INTEGER NOT NULL,
  tag     TEXT NOT NULL,
  PRIMARY KEY (run_id, pos)
) WITHOUT ROWID;
CREATE UNIQUE INDEX run_tags_tag ON run_tags(tag, run_id);

-- Every epoch, full resolution. Keyed (run_id, epoch) without a rowid: one B-tree, a run's epochs
-- are contiguous on disk, and there is no second index to maintain on append.
-- per_output: Float64 little-endian, the interpolation MSE of each output then the extrapolation MSE.
-- The MSE columns are NULL only for NaN (SQLite stores NaN as NULL).
CREATE TABLE epochs (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  epoch       INTEGER NOT NULL,
  train_mse   REAL,
  interp_mse  REAL,
  extrap_mse  REAL,
  wall_ms     REAL NOT NULL,
  per_output  BLOB NOT NULL,
  PRIMARY KEY (run_id, epoch)
) WITHOUT ROWID;
