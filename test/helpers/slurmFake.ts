import Database from 'better-sqlite3'
import { SlurmError, type SlurmCluster, type TaskState } from '../../src-main/slurm/cluster'

/** A Slurm the test drives: it records submissions and cancels, and reports the task states it is given. */
export class FakeCluster implements SlurmCluster {
  readonly submitted: { script: string; args: readonly string[]; jobId: string }[] = []
  readonly cancelled: { jobId: string; task?: number }[] = []
  /** jobId → task → state; a job missing here is one Slurm has forgotten */
  readonly states = new Map<string, Map<number, TaskState>>()
  partitionList = [{ name: 'debug', isDefault: true, state: 'up' }]
  refuse: string | null = null
  private next = 100

  submit(script: string, args: readonly string[]): Promise<string> {
    if (this.refuse) return Promise.reject(new SlurmError(`Slurm refused the job: ${this.refuse}`))
    const jobId = String(this.next++)
    this.submitted.push({ script, args, jobId })
    return Promise.resolve(jobId)
  }
  tasks(jobId: string): Promise<Map<number, TaskState> | null> {
    return Promise.resolve(this.states.get(jobId) ?? null)
  }
  cancel(jobId: string, task?: number): Promise<void> {
    this.cancelled.push({ jobId, task })
    return Promise.resolve()
  }
  partitions() {
    return Promise.resolve(this.partitionList)
  }
  /** Sets the state of tasks of a job (all of them when `tasks` is a count). */
  set(jobId: string, tasks: number | number[], state: string, exitCode = '0:0', reason = 'None'): void {
    const m = this.states.get(jobId) ?? new Map<number, TaskState>()
    for (const task of typeof tasks === 'number' ? Array.from({ length: tasks }, (_, i) => i) : tasks)
      m.set(task, { task, state, reason, exitCode })
    this.states.set(jobId, m)
  }
}

/** A Float64 as hex: equality of these is equality bit for bit (NaN, -0 included). */
const bits = (v: number | null): string | null => {
  if (v === null) return null
  const b = Buffer.alloc(8)
  b.writeDoubleLE(v)
  return b.toString('hex')
}

/**
 * What training produced in a database, per "model seed", bit for bit: every epoch's metrics and
 * per-output errors, the final metrics and weights JSON, the status and success count. Wall times
 * and ids are left out: they differ between any two runs.
 */
export function trainedResults(path: string): Record<string, unknown> {
  const db = new Database(path, { readonly: true })
  try {
    const runs = db
      .prepare(
        `SELECT r.id, r.model, r.seed, r.status, r.epochs_done, r.success_count, r.config_hash, d.final, d.weights
       FROM runs r JOIN run_details d ON d.run_id = r.id ORDER BY r.model, r.seed`
      )
      .all() as { id: number; model: string; seed: number; [k: string]: unknown }[]
    const epochs = db.prepare(
      'SELECT epoch, train_mse, interp_mse, extrap_mse, hex(per_output) AS per_output FROM epochs WHERE run_id = ? ORDER BY epoch'
    )
    // the weight snapshots too: a run trained on Slurm replays as one trained here
    const snapshots = db.prepare('SELECT step, layout, hex(data) AS data FROM weight_snapshots WHERE run_id = ? ORDER BY step')
    return Object.fromEntries(
      runs.map(({ id, model, seed, ...rest }) => [
        `${model} ${seed}`,
        {
          ...rest,
          snapshots: snapshots.all(id),
          epochs: (
            epochs.all(id) as {
              epoch: number
              train_mse: number | null
              interp_mse: number | null
              extrap_mse: number | null
              per_output: string
            }[]
          ).map((e) => [e.epoch, bits(e.train_mse), bits(e.interp_mse), bits(e.extrap_mse), e.per_output])
        }
      ])
    )
  } finally {
    db.close()
  }
}
