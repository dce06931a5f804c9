import type { LabStore } from '../store'

/** A study's Slurm submission as `lab summary` reports it. */
export interface SlurmJobStatus {
  jobId: string
  partition: string | null
  /** runs whose latest submission this is */
  runs: number
  /** of those, runs still out on the cluster (queued or running here) */
  out: number
  /** array tasks holding those runs, by Slurm's last known state */
  tasks: Record<string, number>
  /** when Slurm's state was last read (by `collect` or a waiting `run --on slurm`); null if never */
  updatedAt: string | null
}

/**
 * The experiment's Slurm jobs with the state of their tasks, as stored: `summary` only reads the
 * database, so the states are the last ones `collect` saw, and the line says when that was.
 */
export function slurmStatus(store: LabStore, experimentId: number): SlurmJobStatus[] {
  const subs = store.slurm.submissions(experimentId)
  if (!subs.length) return []
  const latest = store.slurm.runs(subs.flatMap((s) => s.runs.map((r) => r.runId)))
  const statusOf = new Map((store.getStudy(experimentId)?.runs ?? []).map((r) => [r.id, r.status]))
  return subs.flatMap((sub) => {
    const mine = sub.runs.filter((r) => latest.get(r.runId)?.submission === sub.id)
    if (!mine.length) return []
    const taskState = new Map(mine.map((r) => [r.task, r.state]))
    const tasks: Record<string, number> = {}
    for (const state of taskState.values()) tasks[state] = (tasks[state] ?? 0) + 1
    const stamps = mine
      .map((r) => r.updatedAt)
      .filter((t): t is string => t !== null)
      .sort()
    const out = mine.filter((r) => ['queued', 'running'].includes(statusOf.get(r.runId) ?? '')).length
    return [{ jobId: sub.jobId, partition: sub.partition, runs: mine.length, out, tasks, updatedAt: stamps.at(-1) ?? null }]
  })
}

/** One line per job: "Slurm job 7 (partition debug): 4 runs in 4 tasks: 2 RUNNING, 2 PENDING; …". */
export function slurmLines(jobs: readonly SlurmJobStatus[], experimentId: number): string[] {
  return jobs.map((j) => {
    const taskCount = Object.values(j.tasks).reduce((a, b) => a + b, 0)
    const states = Object.entries(j.tasks)
      .map(([s, n]) => `${n} ${s}`)
      .join(', ')
    const when = j.updatedAt ? `Slurm's states as of ${j.updatedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}` : `states as submitted`
    const refresh = j.out ? `; ${j.out} run(s) still out (\`npm run lab -- collect --experiment ${experimentId}\` brings them home)` : ''
    return `Slurm job ${j.jobId}${j.partition ? ` (partition ${j.partition})` : ''}: ${j.runs} run(s) in ${taskCount} task(s): ${states}; ${when}${refresh}`
  })
}
