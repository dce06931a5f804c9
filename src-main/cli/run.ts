import { mkdirSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { dirname } from 'node:path'
import { ApiError } from '../../src-shared/api'
import type { ExperimentSpec, RunDetail } from '../../src-shared/domain'
import { resolveDbPath } from '../config/dbPath'
import { EventHub } from '../ipc/events'
import { createJobQueue } from '../jobs'
import { nodeSpawner } from '../jobs/nodeSpawner'
import type { SpawnWorker } from '../jobs/types'
import { runExperiment } from '../services/experiments'
import { openStore } from '../store'
import { findPreset, PRESETS } from '../training/presets'
import { integerFlag, parseFlags, UsageError } from './args'
import type { CliIo } from './io'
import { parseModels } from './models'
import { perOutputTable, summarize, summaryTable } from './runResults'

export const RUN_USAGE = `Usage: npm run lab -- run --preset NAME [--models a,b,c] [--epochs N] [--seed S] [--db PATH] [--json]
  --preset NAME   ${PRESETS.map((p) => p.name).join(', ')}
  --models LIST   models to train instead of the preset's (e.g. vanilla,nac,nalu:article or nau>nmu)
  --epochs N      epochs instead of the preset's
  --seed S        the seed (default: the preset's)
  --db PATH       database (default: NALU_LAB_DB, then the app's)
  --json          print one JSON array of {id, model, seed, status, epochs, trainMse, interpMse, extrapMse, seconds, backend}`

const OPTIONS = {
  preset: { type: 'string' }, models: { type: 'string' }, epochs: { type: 'string' }, seed: { type: 'string' },
  db: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }
} as const

/** The experiment the flags describe: the preset, with the models, epochs and seed overridden. */
export function experimentFromFlags(argv: string[]): { spec: ExperimentSpec; db?: string; json: boolean } | 'help' {
  const v = parseFlags('run', argv, OPTIONS)
  if (v.help) return 'help'
  if (!v.preset) throw new UsageError(`run: --preset is required (one of: ${PRESETS.map((p) => p.name).join(', ')})`)
  const preset = findPreset(v.preset)
  if (!preset) throw new UsageError(`run: unknown preset "${v.preset}" (one of: ${PRESETS.map((p) => p.name).join(', ')})`)
  const epochs = integerFlag('run', 'epochs', v.epochs, 1, 1_000_000)
  const seed = integerFlag('run', 'seed', v.seed, 0, 2 ** 31 - 1)
  const spec: ExperimentSpec = {
    ...preset.spec,
    models: v.models === undefined ? preset.spec.models : parseModels(v.models, preset.spec.models),
    training: { ...preset.spec.training, epochs: epochs ?? preset.spec.training.epochs },
    seeds: seed === undefined ? preset.spec.seeds : [seed]
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
    if (!args.json) events.subscribe((channel, payload) => {
      if (channel !== 'jobs.finished') return
      const p = payload as { runId: number; status: string; error: string | null }
      io.stderr(`run ${p.runId}: ${p.status}${p.error ? ` (${p.error})` : ''}\n`)
    })
    let runIds: number[]
    try {
      runIds = runExperiment({ store, jobs, events }, args.spec).runIds
    } catch (err) {
      if (err instanceof ApiError) {
        io.stderr(`run: ${err.message}\n`)
        return 2
      }
      throw err
    }
    await jobs.idle()
    await jobs.close()
    const runs = runIds.map((id) => store.getRun(id)).filter((r): r is RunDetail => r !== null)
    const summaries = runs.map(summarize)
    if (args.json) io.stdout(`${JSON.stringify(summaries)}\n`)
    else io.stdout(`${summaryTable(summaries)}\n${perOutputTable(runs)}`)
    if (interrupted) return 130
    return summaries.some((s) => s.status === 'failed') ? 1 : 0
  } finally {
    process.removeListener('SIGINT', onSigint)
    await jobs.close()
    store.close()
  }
}
