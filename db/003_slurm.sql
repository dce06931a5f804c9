-- Schema version 3: experiments sent to a Slurm cluster (src-main/slurm). One row per submitted
-- array job, one per run it trains. A run listed here is owned by the cluster, not by a local
-- process: recovery leaves it queued/running until `lab collect` brings its result home.
CREATE TABLE slurm_jobs (
  id             INTEGER PRIMARY KEY,
  experiment_id  INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
  -- Slurm's array job id, as sbatch printed it (text: a federated cluster may add ";cluster")
  job_id         TEXT NOT NULL,
  -- the shared folder holding the plan, the job script, the tasks' logs and their SQLite shards
  dir            TEXT NOT NULL,
  tasks          INTEGER NOT NULL,
  partition      TEXT,
  submitted_at   TEXT NOT NULL
);
CREATE INDEX slurm_jobs_experiment ON slurm_jobs(experiment_id);

-- state: Slurm's last known state of the run's array task (PENDING, RUNNING, COMPLETED, FAILED,
-- CANCELLED, NODE_FAIL, TIMEOUT…; UNKNOWN once Slurm has forgotten it). epochs_done: the task's
-- last reported progress on the run, before its shard is collected.
CREATE TABLE slurm_runs (
  run_id       INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  job          INTEGER NOT NULL REFERENCES slurm_jobs(id) ON DELETE CASCADE,
  task         INTEGER NOT NULL,
  state        TEXT NOT NULL DEFAULT 'PENDING',
  epochs_done  INTEGER NOT NULL DEFAULT 0,
  updated_at   TEXT,
  PRIMARY KEY (run_id, job)
) WITHOUT ROWID;
CREATE INDEX slurm_runs_job ON slurm_runs(job, task);
