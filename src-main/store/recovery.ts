import { ACTIVE, now, type StoreDb } from './db'
import { ownerAlive } from './owner'
import { LAST_EPOCH_METRICS } from './writes'

interface ActiveRun {
  id: number
  status: string
  owner_pid: number | null
  owner_token: string | null
  epochs_done: number
}

/**
 * Runs left queued or running by a process that is gone become `interrupted`; their committed
 * epochs stay. Runs of a live process (the app while the CLI starts, or the other way round) are
 * left alone. Safe to run from two processes at once: the UPDATE re-checks the owner.
 */
export function recoverInterrupted(s: StoreDb): number {
  // runs handed to Slurm (slurm_runs) belong to the cluster: `lab collect` ends them, not this
  const active = s
    .stmt(
      `SELECT id, status, owner_pid, owner_token, epochs_done FROM runs WHERE status IN ${ACTIVE} AND id NOT IN (SELECT run_id FROM slurm_runs)`
    )
    .all() as ActiveRun[]
  const dead = active.filter((r) => !ownerAlive(r.owner_pid, r.owner_token))
  if (dead.length === 0) return 0
  return s.write(() => {
    let n = 0
    for (const r of dead) {
      const who = r.owner_pid === null ? 'no process owns it' : `the process that owned it (pid ${r.owner_pid}) has ended`
      const error = `Interrupted: ${who} while the run was ${r.status}; ${r.epochs_done} committed epochs are kept.`
      n += s
        .stmt(
          `UPDATE runs SET status = 'interrupted', error = ?, ended_at = ?, owner_pid = NULL, owner_token = NULL, ${LAST_EPOCH_METRICS}
         WHERE id = ? AND status IN ${ACTIVE} AND owner_pid IS ? AND owner_token IS ?`
        )
        .run(error, now(), r.id, r.owner_pid, r.owner_token).changes
    }
    return n
  })
}
