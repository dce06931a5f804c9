-- Schema version 6: each long run's series reduced once for charts (src-main/store/seriesColumns.ts),
-- so that Compare reads one row per run instead of scanning every epoch on each request.
-- Rows per run: one per power of two `columns` from 1024 up to the largest with at least eight
-- epochs a column (a 50,000-epoch run: 1024, 2048, 4096). Each holds the run reduced to that many
-- columns (each column's lowest and highest epoch of every loss, its first non-finite one, the first
-- and the last epoch; src-shared/series/columns.ts) as five little-endian Float64 columns one after
-- another: epoch, train, interp, extrap MSE, wall ms. `epoch_count`: the epochs it was made from.
-- Made when a run ends, or on the first chart request of a run that ended before this version.
CREATE TABLE series_columns (
  run_id      INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  columns     INTEGER NOT NULL,
  epoch_count INTEGER NOT NULL,
  data        BLOB NOT NULL,
  PRIMARY KEY (run_id, columns)
);

-- A run whose epochs change (trained again, resumed, a Slurm shard filling its placeholder) loses
-- its reductions; the next request makes them again from the epochs.
CREATE TRIGGER epochs_added_series_columns AFTER INSERT ON epochs
BEGIN
  DELETE FROM series_columns WHERE run_id = NEW.run_id;
END;
CREATE TRIGGER epochs_removed_series_columns AFTER DELETE ON epochs
BEGIN
  DELETE FROM series_columns WHERE run_id = OLD.run_id;
END;
CREATE TRIGGER epochs_changed_series_columns AFTER UPDATE ON epochs
BEGIN
  DELETE FROM series_columns WHERE run_id = OLD.run_id OR run_id = NEW.run_id;
END;
