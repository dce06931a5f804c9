import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { z } from 'zod'
import { ExperimentSpec, GeneratedConfig, ModelSpec, RunStatus } from '@shared/domain'

/**
 * One submission's folder, shared between the machine that submits and the compute nodes:
 *   plan.json            what each array task trains (the runs' uids, models, seeds, configurations)
 *   marker               a random token the plan names too: a task that cannot read it is not seeing this folder
 *   job.sh               the sbatch script
 *   task-I.log           the task's stdout and stderr (sbatch --output)
 *   task-I.sqlite        the task's own SQLite shard (no two nodes ever write one SQLite file)
 *   task-I.json          written once the task has checked the marker: its host, pid and shard run ids
 *   task-I.progress.json rewritten every few seconds: each run's status and epochs
 */
export const PLAN_FORMAT = 'nalu-lab-slurm-plan'

export const PlannedRun = z.object({
  /** the run's id and uid in the main database */
  runId: z.number().int(),
  uid: z.string().min(1),
  model: z.string(),
  modelSpec: ModelSpec,
  seed: z.number().int(),
  config: GeneratedConfig,
  configHash: z.string(),
  outputs: z.number().int().min(0)
})
export type PlannedRun = z.infer<typeof PlannedRun>

export const Plan = z.object({
  format: z.literal(PLAN_FORMAT),
  version: z.literal(1),
  marker: z.string().min(1),
  experiment: z.object({ id: z.number().int(), uid: z.string().min(1), spec: ExperimentSpec }),
  /** the runs of each array task, task 0 first */
  tasks: z.array(z.array(PlannedRun).min(1)).min(1)
})
export type Plan = z.infer<typeof Plan>

export const TaskStarted = z.object({
  task: z.number().int(),
  host: z.string(),
  pid: z.number().int(),
  startedAt: z.string(),
  /** main-database run uid → the run's id in the shard */
  runs: z.record(z.string(), z.number().int())
})
export type TaskStarted = z.infer<typeof TaskStarted>

export const TaskProgress = z.object({
  updatedAt: z.string(),
  /** the task has finished every run it could (true also after a cancel it saw) */
  done: z.boolean(),
  runs: z.record(z.string(), z.object({ status: RunStatus, epochsDone: z.number().int().min(0) }))
})
export type TaskProgress = z.infer<typeof TaskProgress>

export const taskFile = (dir: string, task: number, what: 'sqlite' | 'json' | 'progress.json' | 'log'): string =>
  join(dir, `task-${task}.${what}`)

/** A new submission folder beside the database: <db>.slurm/experiment-<id>/<n>. */
export function newSubmissionDir(dbPath: string, experimentId: number): string {
  const base = join(dirname(dbPath), `${basename(dbPath)}.slurm`, `experiment-${experimentId}`)
  mkdirSync(base, { recursive: true })
  const taken = readdirSync(base).map(Number).filter(Number.isInteger)
  const dir = join(base, String(taken.length ? Math.max(...taken) + 1 : 1))
  mkdirSync(dir)
  return dir
}

/** Written to a temp name and renamed: a reader on another node never sees half a file. */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, text)
  renameSync(tmp, path)
}

/** The marker and the plan naming it; returns the plan as written. */
export function writePlan(dir: string, plan: Omit<Plan, 'format' | 'version' | 'marker'>): Plan {
  const full: Plan = { format: PLAN_FORMAT, version: 1, marker: randomUUID(), ...plan }
  writeAtomic(join(dir, 'marker'), full.marker)
  writeAtomic(join(dir, 'plan.json'), `${JSON.stringify(full)}\n`)
  return full
}

/** A JSON file of the folder, validated; null when it is not there (yet). */
export function readJson<S extends z.ZodType>(path: string, schema: S): z.output<S> | null {
  if (!existsSync(path)) return null
  const parsed = schema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) throw new Error(`${path} is not what NALU Lab wrote: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}
