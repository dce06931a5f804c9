import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname } from 'node:path'
import { ApiError } from '@shared/api'
import { ExperimentSpec, Precision, type Preset, type RunDetail } from '@shared/domain'
import { parseOrThrow } from '@shared/validate'
import { resolveDbPath } from '../config/dbPath'
import { EventHub } from '../ipc/events'
import { createJobQueue } from '../jobs'
import { nodeSpawner } from '../jobs/nodeSpawner'
import type { SpawnWorker } from '../jobs/types'
import { runExperiment } from '../services/experiments'
import { studySummary } from '../services/studies'
import { openStore } from '../store'
import { findPreset, PRESETS } from '../training/presets'
import { integerFlag, parseFlags, UsageError } from './args'
import type { CliIo } from './io'
import { parseModels } from './models'
import { progressLine } from './progress'
import { parseSeeds } from './seeds'
import { studyTable } from './summary'
import { perOutputTable, summarize, summaryTable } from './runResults'

export const RUN_USAGE = `Usage: npm run lab -- run --preset NAME [--models a,b,c] [--seeds 0-9 | --seed S] [--iterations N] [--eval-every N]
                         [--epochs N] [--precision P] [--db PATH] [--json]
  --preset NAME     ${PRESETS.map((p) => p.name).join(', ')}
  --models LIST     models to train instead of the preset's (e.g. vanilla,nac,nalu:article or nau>nmu; nau, nmu… name
                    the paper's two-layer models of the arithmetic presets)
  --seeds LIST      the seeds: ranges and lists, e.g. 0-99 or 1,5,7 (one run per model and seed: a study)
  --seed S          one seed (default: the preset's)
  --iterations N    iterations per run instead of the preset's (presets trained in iterations: arithmetic-*)
  --eval-every N    evaluate every N iterations instead of the preset's 1000
  --epochs N        epochs instead of the preset's (presets trained in epochs: article, sign-caveat)
  --precision P     float64 (default), float32 (the matrix products in float32, parameters and optimiser in
                    Float64: faster on large problems, docs/engine.md) or auto (float32 from 2^20 multiply-adds per
                    batch in the first product)
  --db PATH         database (default: NALU_LAB_DB, then the app's)
  --json            print one JSON array of {id, model, seed, status, epochs, iterations, op, trainMse, interpMse,
                    extrapMse, seconds, backend, success: {rule, solved, solvedAt, bestIteration, threshold, sparsityError}}
  --on slurm        train on a Slurm cluster instead, as one job array (npm run lab -- slurm --help)
  A progress line (runs done/total, iterations/s, ETA) goes to stderr, unless --json output is piped.`

const OPTIONS = {
  preset: { type: 'string' },
  models: { type: 'string' },
  epochs: { type: 'string' },
  iterations: { type: 'string' },
  'eval-every': { type: 'string' },
  precision: { type: 'string' },
  seed: { type: 'string' },
  seeds: { type: 'string' },
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

/** The training with --epochs, --iterations and --eval-every applied, each only where the preset's schedule has it. */
function trainingFromFlags(
  preset: Preset,
  v: { epochs?: string; iterations?: string; 'eval-every'?: string; precision?: string }
): ExperimentSpec['training'] {
  const t = preset.spec.training
  const epochs = integerFlag('run', 'epochs', v.epochs, 1, 1_000_000)
  const iterations = integerFlag('run', 'iterations', v.iterations, 1, 100_000_000)
  const evalEvery = integerFlag('run', 'eval-every', v['eval-every'], 1, 10_000_000)
  const inIterations = t.schedule === 'iterations'
  if (inIterations && epochs !== undefined) {
    throw new UsageError(`run: --epochs does not apply to ${preset.name}, which trains in iterations: use --iterations`)
  }
  if (!inIterations && (iterations !== undefined || evalEvery !== undefined)) {
    const flag = iterations !== undefined ? '--iterations' : '--eval-every'
    throw new UsageError(`run: ${flag} does not apply to ${preset.name}, which trains in epochs: use --epochs`)
  }
  const precision = v.precision === undefined ? t.precision : Precision.safeParse(v.precision).data
  if (v.precision !== undefined && precision === undefined) {
    throw new UsageError(`run: --precision must be one of ${Precision.options.join(', ')}, got "${v.precision}"`)
  }
  return {
    ...t,
    epochs: epochs ?? t.epochs,
    iterations: iterations ?? t.iterations,
    evalEvery: evalEvery ?? t.evalEvery,
    ...(precision === undefined ? {} : { precision })
  }
}

/** The paper's models of every arithmetic preset, for an arithmetic preset (`nmu` on addition is NAU → NMU). */
function relatedModels(preset: Preset): ExperimentSpec['models'] {
  const kind = preset.spec.problem.kind
  return PRESETS.filter((p) => p.spec.problem.kind === kind && kind === 'arithmetic').flatMap((p) => p.spec.models)
}

/** The experiment the flags describe: the preset, with the models, length and seeds overridden. */
export function experimentFromFlags(argv: string[]): { spec: ExperimentSpec; db?: string; json: boolean } | 'help' {
  const v = parseFlags('run', argv, OPTIONS)
  if (v.help) return 'help'
  if (!v.preset) throw new UsageError(`run: --preset is required (one of: ${PRESETS.map((p) => p.name).join(', ')})`)
  const preset = findPreset(v.preset)
  if (!preset) throw new UsageError(`run: unknown preset "${v.preset}" (one of: ${PRESETS.map((p) => p.name).join(', ')})`)
  if (v.seed !== undefined && v.seeds !== undefined) throw new UsageError('run: give --seed S or --seeds LIST, not both')
  const seed = integerFlag('run', 'seed', v.seed, 0, 2 ** 31 - 1)
  const seeds = v.seeds !== undefined ? parseSeeds('run', v.seeds) : seed !== undefined ? [seed] : preset.spec.seeds
  const spec: ExperimentSpec = {
    ...preset.spec,
    models: v.models === undefined ? preset.spec.models : parseModels(v.models, preset.spec.models, relatedModels(preset)),
    training: trainingFromFlags(preset, v),
    seeds
  }
  return { spec, db: v.db, json: !!v.json }
}

/**
 * `npm run lab -- run`: trains a preset's runs in training processes (one per core), stores them
 * in the app's database and prints what they reached. Exit 0 when every run ended (completed,
 * diverged or cancelled), 1 if one failed or the database could not be opened, 2 for bad flags,
 * 130 after Ctrl-C (the runs are stored as cancelled, their epochs kept).
 */
export async function runCommand(argv: string[], io: CliIo, spawn: SpawnWorker = nodeSpawner()): Promise<number> {
  let args
  try {
    args = experimentFromFlags(argv)
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`${err.message}\n`)
      return 2
    }
    throw err
  }
  if (args === 'help') {
    io.stdout(`${RUN_USAGE}\n`)
    return 0
  }
  const path = resolveDbPath({ flag: args.db })
  let store
  try {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
    store = openStore(path)
  } catch (err) {
    io.stderr(`run: ${(err as Error).message}\n`)
    return 1
  }
  const events = new EventHub()
  const jobs = createJobQueue({ store, events, spawn, concurrency: availableParallelism(), log: (m) => io.stderr(`${m}\n`) })
  let interrupted = false
  // Ctrl-C is the user's call: the runs end cancelled (closing the queue would say interrupted)
  const onSigint = () => {
    interrupted = true
    for (const job of jobs.list()) jobs.cancel(job.runId)
  }
  process.once('SIGINT', onSigint)
  try {
    const t = args.spec.training
    const total = args.spec.models.length * args.spec.seeds.length
    // progress on stderr, except when --json output goes to a file or another program
    const progress =
      args.json && !io.tty?.stdout
        ? null
        : progressLine({
            runs: total,
            length: t.schedule === 'iterations' ? t.iterations : t.epochs,
            unit: t.schedule === 'iterations' ? 'iterations' : 'epochs',
            write: io.stderr,
            tty: !!io.tty?.stderr
          })
    events.subscribe((channel, payload) => {
      progress?.onEvent(channel, payload)
      if (channel !== 'jobs.finished' || args.json) return
      const p = payload as { runId: number; status: string; error: string | null }
      const line = `run ${p.runId}: ${p.status}${p.error ? ` (${p.error})` : ''}\n`
      if (progress) progress.print(line)
      else io.stderr(line)
    })
    let created: { experimentId: number; runIds: number[] }
    try {
      // the CLI's boundary: the spec built from the preset and the flags meets the same schema as IPC
      created = runExperiment({ store, jobs, events }, parseOrThrow(ExperimentSpec, args.spec, 'experiment'))
    } catch (err) {
      if (err instanceof ApiError) {
        io.stderr(`run: ${err.message}\n`)
        return 2
      }
      throw err
    }
    await jobs.idle()
    progress?.done()
    await jobs.close()
    // one seed: each output's values (the series is read for them); a study: its success rates instead;
    // never the final weights (decoding the article's three took ≈ 30 ms of this command's CPU)
    const oneSeed = args.spec.seeds.length === 1 && !args.json
    const runs = created.runIds.map((id) => store.getRun(id, { series: oneSeed, weights: false })).filter((r): r is RunDetail => r !== null)
    const summaries = runs.map(summarize)
    if (args.json) io.stdout(`${JSON.stringify(summaries)}\n`)
    else if (oneSeed) io.stdout(`${summaryTable(summaries)}\n${perOutputTable(runs)}`)
    else io.stdout(`${summaryTable(summaries)}\n${studyTable(studySummary({ store, jobs }, created.experimentId))}`)
    if (interrupted) return 130
    return summaries.some((s) => s.status === 'failed') ? 1 : 0
  } finally {
    process.removeListener('SIGINT', onSigint)
    await jobs.close()
    store.close()
  }
}
