import { existsSync, mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { ApiError } from '@shared/api'
import { resolveDbPath } from '../config/dbPath'
import { openStore, type LabStore } from '../store'
import { commandLineCluster, SlurmError, type SlurmCluster } from '../slurm/cluster'
import { runsToResubmit, submitExperiment, submitRuns, type SubmitOptions, type Submitted } from '../slurm/submit'
import { integerFlag, parseFlags, UsageError } from './args'
import { printRuns } from './collect'
import type { CliIo } from './io'
import { experimentFromFlags } from './run'
import { waitForExperiment } from './slurmWait'

export const SLURM_USAGE = `Usage: npm run lab -- slurm <submit|cancel> [options]
  submit --experiment ID [cluster options]   send the experiment's failed, cancelled, interrupted and
                                             never-submitted runs to Slurm again
  cancel --experiment ID [--task I]          scancel its array job (or one array task); runs end cancelled
  --db PATH, --detach, --poll SECONDS as for run --on slurm; collect: npm run lab -- collect --help
Cluster options (also for: npm run lab -- run ... --on slurm):
  --partition P        the partition (default: the cluster's default)
  --time T             each array task's time limit (sbatch --time, e.g. 02:00:00)
  --max-parallel N     array tasks running at once (sbatch --array=…%N)
  --runs-per-task N    runs each array task trains, one after another (default 1)
  --sbatch-arg ARG     passed to sbatch as it is; repeatable (e.g. --sbatch-arg=--account=proj)
  --task-setup LINE    a shell line run before training; repeatable (e.g. "module load nodejs/20")
  --detach             submit and return; collect later
  --poll SECONDS       how often the waiting command asks Slurm (default 10)`

/** The cluster flags, taken out of a command line; the rest is left for the command's own parser. */
const VALUE_FLAGS = ['on', 'partition', 'time', 'max-parallel', 'runs-per-task', 'sbatch-arg', 'task-setup', 'poll'] as const
type ClusterFlags = Partial<Record<(typeof VALUE_FLAGS)[number], string[]>> & { detach?: boolean }

export function takeClusterFlags(argv: readonly string[], command: string): { flags: ClusterFlags; rest: string[] } {
  const flags: ClusterFlags = {}
  const rest: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--detach') {
      flags.detach = true
      continue
    }
    const name = VALUE_FLAGS.find((f) => a === `--${f}` || a.startsWith(`--${f}=`))
    if (!name) {
      rest.push(a)
      continue
    }
    const value = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]
    if (value === undefined) throw new UsageError(`${command}: --${name} needs a value`)
    ;(flags[name] ??= []).push(value)
  }
  return { flags, rest }
}

function submitOptions(f: ClusterFlags, command: string): SubmitOptions & { detach: boolean; pollMs: number } {
  const one = (name: (typeof VALUE_FLAGS)[number]) => f[name]?.at(-1)
  const time = one('time')
  if (time !== undefined && !/^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(time))
    throw new UsageError(`${command}: --time must read like 30, 02:00:00 or 1-12:00:00, got "${time}"`)
  const partition = one('partition')
  if (partition !== undefined && !/^[\w.-]+$/.test(partition))
    throw new UsageError(`${command}: --partition "${partition}" is not a partition name`)
  return {
    partition,
    time,
    maxParallel: integerFlag(command, 'max-parallel', one('max-parallel'), 1, 100_000),
    runsPerTask: integerFlag(command, 'runs-per-task', one('runs-per-task'), 1, 100_000),
    sbatchArgs: f['sbatch-arg'] ?? [],
    setup: f['task-setup'] ?? [],
    detach: !!f.detach,
    pollMs: (integerFlag(command, 'poll', one('poll'), 1, 3600) ?? 10) * 1000
  }
}

function openDb(flag: string | undefined, create: boolean): LabStore {
  const path = resolveDbPath({ flag })
  if (path !== ':memory:' && !existsSync(path)) {
    if (!create) throw new SlurmError(`no database at ${path}`)
    mkdirSync(dirname(path), { recursive: true })
  }
  return openStore(path, { integrityCheck: 'quick' })
}

async function afterSubmit(
  store: LabStore,
  cluster: SlurmCluster,
  s: Submitted,
  o: { detach: boolean; pollMs: number; json?: boolean },
  io: CliIo
): Promise<number> {
  const runs = s.tasks.flat().length
  io.stderr(
    `Submitted ${runs} run(s) of experiment ${s.experimentId} as Slurm job ${s.jobId} (${s.tasks.length} array task(s)); shards in ${s.dir}\n`
  )
  if (o.detach) {
    printRuns(store, s.experimentId, !!o.json, io)
    io.stderr(`Bring the results home with: npm run lab -- collect --experiment ${s.experimentId}\n`)
    return 0
  }
  return waitForExperiment(store, cluster, s.experimentId, io, o)
}

/** Errors a user can act on: one line, exit 1 (2 for a bad command line). */
async function guarded(command: string, io: CliIo, body: () => Promise<number>): Promise<number> {
  try {
    return await body()
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n`)
      return 2
    }
    if (err instanceof SlurmError || err instanceof ApiError) {
      io.stderr(`${command}: ${err.message}\n`)
      return err instanceof ApiError && err.code === 'invalid' ? 2 : 1
    }
    throw err
  }
}

/** `npm run lab -- run ... --on slurm`: the experiment the run flags describe, trained on the cluster. */
export async function runOnSlurm(argv: string[], io: CliIo, cluster: SlurmCluster = commandLineCluster()): Promise<number> {
  return guarded('run', io, async () => {
    const { flags, rest } = takeClusterFlags(argv, 'run')
    const on = flags.on?.at(-1)
    if (on !== 'slurm') throw new UsageError(`run: --on must be "slurm" (or leave it out to train here), got "${on}"`)
    const opts = submitOptions(flags, 'run')
    const args = experimentFromFlags(rest)
    if (args === 'help') {
      io.stdout(`${SLURM_USAGE}\n`)
      return 0
    }
    const store = openDb(args.db, true)
    try {
      return await afterSubmit(store, cluster, await submitExperiment(store, cluster, args.spec, opts), { ...opts, json: args.json }, io)
    } finally {
      store.close()
    }
  })
}

const SUB_OPTIONS = {
  experiment: { type: 'string' },
  task: { type: 'string' },
  db: { type: 'string' },
  help: { type: 'boolean', short: 'h' }
} as const

/** `npm run lab -- slurm …` */
export async function slurmCommand(argv: string[], io: CliIo, cluster: SlurmCluster = commandLineCluster()): Promise<number> {
  const [sub, ...rest] = argv
  return guarded(`slurm ${sub ?? ''}`.trim(), io, async () => {
    const { flags, rest: own } = takeClusterFlags(rest, `slurm ${sub}`)
    const v = parseFlags(`slurm ${sub}`, own, SUB_OPTIONS)
    if (v.help || sub === undefined || ['help', '--help', '-h'].includes(sub)) {
      io.stdout(`${SLURM_USAGE}\n`)
      return sub === undefined ? 2 : 0
    }
    if (sub !== 'submit' && sub !== 'cancel') throw new UsageError(`slurm: unknown subcommand "${sub}" (submit or cancel)`)
    const task = integerFlag(`slurm ${sub}`, 'task', v.task, 0, 1_000_000)
    const experimentId = integerFlag(`slurm ${sub}`, 'experiment', v.experiment, 1, Number.MAX_SAFE_INTEGER)
    if (experimentId === undefined) throw new UsageError(`slurm ${sub}: --experiment is required`)
    const opts = submitOptions(flags, `slurm ${sub}`)
    const store = openDb(v.db, false)
    try {
      if (sub === 'submit') {
        return await afterSubmit(
          store,
          cluster,
          await submitRuns(store, cluster, experimentId, runsToResubmit(store, experimentId), opts),
          opts,
          io
        )
      }
      // sub is 'cancel': anything else was refused before the database was opened
      const subs = store.slurm.submissions(experimentId)
      const latest = subs.at(-1)
      if (!latest) throw new SlurmError(`experiment ${experimentId} was never submitted to Slurm`)
      if (task !== undefined && task >= latest.tasks)
        throw new UsageError(`slurm cancel: job ${latest.jobId} has tasks 0-${latest.tasks - 1}, not ${task}`)
      await cluster.cancel(latest.jobId, task)
      io.stderr(
        `Cancelled Slurm job ${latest.jobId}${task === undefined ? '' : ` task ${task}`}; waiting for its tasks to store their runs\n`
      )
      const only = task === undefined ? undefined : { submission: latest.id, task }
      return await waitForExperiment(store, cluster, experimentId, io, { pollMs: Math.min(opts.pollMs, 2000), only })
    } finally {
      store.close()
    }
  })
}
