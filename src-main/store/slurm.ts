import { ACTIVE, conflict, now, type StoreDb } from './db'

/** One run's place in a Slurm submission, as `lab list`, summaries and the study page show it. */
export interface SlurmRunInfo {
  runId: number
  /** the row of slurm_jobs (one per submitted array job) */
  submission: number
  /** Slurm's array job id */
  jobId: string
  task: number
  /** Slurm's last known state of the task (PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, NODE_FAIL, UNKNOWN…) */
  state: string
  /** the task's last reported progress on the run, before its shard is collected */
  epochsDone: number
  updatedAt: string | null
}

export interface SlurmSubmission {
  id: number
  experimentId: number
  jobId: string
  dir: string
  tasks: number
  partition: string | null
  submittedAt: string
  runs: SlurmRunInfo[]
}

export interface NewSubmission {
  experimentId: number
  jobId: string
  dir: string
  partition: string | null
  /** the run ids each array task trains, task 0 first */
  tasks: number[][]
}

/** Bookkeeping of experiments sent to Slurm (migration 003). Runs listed here belong to the cluster. */
export interface SlurmLedger {
  /**
   * Records a submitted array job. Its runs become queued placeholders again (a re-submitted run
   * that failed, was cancelled or interrupted loses its partial epochs: the new task repeats them
   * bit for bit). Refuses runs that completed, diverged or are active in another submission.
   */
  record(x: NewSubmission): number
  /** The experiment's submissions, oldest first, with their runs. */
  submissions(experimentId: number): SlurmSubmission[]
  /** Each run's latest submission, for the runs given (or every run on Slurm). */
  runs(runIds?: readonly number[]): Map<number, SlurmRunInfo>
  /**
   * What the cluster last said about a task, and the epochs the task reports for the runs it has
   * started: those runs show as running (their results arrive when the shard is collected).
   */
  update(submission: number, task: number, state: string, started?: ReadonlyMap<number, number>): void
  /** Experiments with runs still queued or running in their latest submission: what the app polls Slurm for. */
  activeExperiments(): number[]
}

interface RunInfoSql {
  run_id: number
  job: number
  job_id: string
  task: number
  state: string
  epochs_done: number
  updated_at: string | null
}

const toInfo = (r: RunInfoSql): SlurmRunInfo => ({
  runId: r.run_id,
  submission: r.job,
  jobId: r.job_id,
  task: r.task,
  state: r.state,
  epochsDone: r.epochs_done,
  updatedAt: r.updated_at
})

const RUN_INFO = `SELECT sr.run_id, sr.job, j.job_id, sr.task, sr.state, sr.epochs_done, sr.updated_at
  FROM slurm_runs sr JOIN slurm_jobs j ON j.id = sr.job`

function requeue(s: StoreDb, runId: number): void {
  const row = s.stmt('SELECT status FROM runs WHERE id = ?').get(runId) as { status: string } | undefined
  if (!row) throw conflict(`Cannot submit run ${runId} to Slurm: it does not exist`)
  if (row.status === 'completed' || row.status === 'diverged') throw conflict(`Cannot submit run ${runId} to Slurm again: it ${row.status}`)
  if (row.status === 'running') throw conflict(`Cannot submit run ${runId} to Slurm: it is running`)
  s.stmt('DELETE FROM epochs WHERE run_id = ?').run(runId)
  s.stmt(
    `UPDATE runs SET status = 'queued', epochs_done = 0, train_mse = NULL, interp_mse = NULL, extrap_mse = NULL, success_count = NULL,
       backend = NULL, error = NULL, diverged_at_epoch = NULL, started_at = NULL, ended_at = NULL, owner_pid = NULL, owner_token = NULL
     WHERE id = ?`
  ).run(runId)
  s.stmt('UPDATE run_details SET environment = NULL, final = NULL, weights = NULL WHERE run_id = ?').run(runId)
}

export function slurmLedger(s: StoreDb): SlurmLedger {
  return {
    record(x) {
      return s.write(() => {
        const id = Number(
          s
            .stmt('INSERT INTO slurm_jobs (experiment_id, job_id, dir, tasks, partition, submitted_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(x.experimentId, x.jobId, x.dir, x.tasks.length, x.partition, now()).lastInsertRowid
        )
        x.tasks.forEach((runIds, task) => {
          for (const runId of runIds) {
            requeue(s, runId)
            s.stmt('INSERT INTO slurm_runs (run_id, job, task) VALUES (?, ?, ?)').run(runId, id, task)
          }
        })
        return id
      })
    },
    submissions(experimentId) {
      const jobs = s.stmt('SELECT * FROM slurm_jobs WHERE experiment_id = ? ORDER BY id').all(experimentId) as {
        id: number
        experiment_id: number
        job_id: string
        dir: string
        tasks: number
        partition: string | null
        submitted_at: string
      }[]
      return jobs.map((j) => ({
        id: j.id,
        experimentId: j.experiment_id,
        jobId: j.job_id,
        dir: j.dir,
        tasks: j.tasks,
        partition: j.partition,
        submittedAt: j.submitted_at,
        runs: (s.stmt(`${RUN_INFO} WHERE sr.job = ? ORDER BY sr.task, sr.run_id`).all(j.id) as RunInfoSql[]).map(toInfo)
      }))
    },
    runs(runIds) {
      // ascending job ids: a later submission of the same run overwrites the earlier one in the map
      const rows = (
        runIds === undefined
          ? s.stmt(`${RUN_INFO} ORDER BY sr.job`).all()
          : s.stmt(`${RUN_INFO} WHERE sr.run_id IN (SELECT value FROM json_each(?)) ORDER BY sr.job`).all(JSON.stringify(runIds))
      ) as RunInfoSql[]
      return new Map(rows.map((r) => [r.run_id, toInfo(r)]))
    },
    update(submission, task, state, started) {
      s.write(() => {
        const at = now()
        s.stmt('UPDATE slurm_runs SET state = ?, updated_at = ? WHERE job = ? AND task = ?').run(state, at, submission, task)
        for (const [runId, n] of started ?? []) {
          s.stmt('UPDATE slurm_runs SET epochs_done = ? WHERE job = ? AND run_id = ?').run(n, submission, runId)
          s.stmt(`UPDATE runs SET status = 'running', started_at = coalesce(started_at, ?) WHERE id = ? AND status = 'queued'`).run(
            at,
            runId
          )
        }
      })
    },
    activeExperiments() {
      const rows = s
        .stmt(
          `SELECT DISTINCT j.experiment_id AS id FROM slurm_runs sr JOIN slurm_jobs j ON j.id = sr.job JOIN runs r ON r.id = sr.run_id
           WHERE r.status IN ${ACTIVE} AND sr.job = (SELECT max(job) FROM slurm_runs x WHERE x.run_id = sr.run_id) ORDER BY 1`
        )
        .all() as { id: number }[]
      return rows.map((r) => r.id)
    }
  }
}
