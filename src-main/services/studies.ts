import { isDeepStrictEqual } from 'node:util'
import { ApiError } from '@shared/api'
import {
  ModelSpec,
  modelLabel,
  RunStatus,
  type JobInfo,
  type PaperRate,
  type StudyGroup,
  type StudyMetric,
  type StudyProgress,
  type StudySeries,
  type StudySummary
} from '@shared/domain'
import { PAPER_CITATION, paperRate } from '@shared/paper/madsenJohansen2020'
import { band, successRate, wilsonInterval, type JudgedRun } from '@shared/stats'
import type { JobQueue } from '../jobs/types'
import { PRESETS } from '../training/presets'
import type { LabStore, Study, StudyRun } from '../store'
import { modelGroups, opOf, type ModelGroup } from './studyGroups'

export function readStudy(store: LabStore, experimentId: number): Study {
  const study = store.getStudy(experimentId)
  if (!study) throw new ApiError({ code: 'not_found', message: `Experiment ${experimentId} does not exist` })
  return study
}

/**
 * A run as the success rate counts it: a completed run by its verdict, a diverged one as not solved
 * (its losses went to NaN: it extrapolates nothing). Runs still going, stopped or failed, and runs
 * stored before the paper's rule existed (no verdict) are not counted.
 */
function judged(r: StudyRun): JudgedRun | null {
  if (r.status === 'diverged') return { solved: r.solved === true, solvedAt: r.solved ? r.solvedAt : null, sparsityError: r.sparsityError }
  if (r.status !== 'completed' || r.solved === null) return null
  return { solved: r.solved, solvedAt: r.solvedAt, sparsityError: r.sparsityError }
}

/** The paper's models as the arithmetic presets build them (the paper's rows name these). */
const PAPER_MODELS: ModelSpec[] = PRESETS.filter((p) => p.spec.problem.kind === 'arithmetic').flatMap((p) => p.spec.models)

/**
 * Whether the group trained the paper's model: the label alone is not enough (an NAU → NAU with
 * another regulariser, set in the editor or the CLI, has the same label and a different rate).
 */
function isPaperModel(study: Study, g: ModelGroup, label: string): boolean {
  const parsed = g.runs.length ? ModelSpec.safeParse(JSON.parse(g.runs[0].modelSpec)) : null
  const ours = parsed ? (parsed.success ? parsed.data : null) : study.spec.models.find((m) => modelLabel(m) === label)
  return !!ours && PAPER_MODELS.some((m) => modelLabel(m) === label && isDeepStrictEqual(m, ours))
}

function paperOf(study: Study, g: ModelGroup): PaperRate | null {
  const label = g.runs[0]?.model ?? g.model
  const row = paperRate(study.preset, g.op, label)
  if (!row || !isPaperModel(study, g, label)) return null
  return {
    paperModel: row.paperModel,
    solved: row.solved,
    seeds: row.seeds,
    rate: row.solved / row.seeds,
    ci: wilsonInterval(row.solved, row.seeds) as [number, number],
    solvedAtMedian: row.solvedAtMedian,
    sparsityErrorMean: row.sparsityErrorMean,
    source: PAPER_CITATION
  }
}

function groupSummary(study: Study, g: ModelGroup): StudyGroup {
  const runs = g.runs.map(judged).filter((r): r is JudgedRun => r !== null)
  const s = successRate(runs)
  return {
    key: g.key,
    model: g.model,
    op: g.op,
    runs: g.runs.length,
    judged: s.runs,
    solved: s.solved,
    rate: s.rate,
    ci: s.ci,
    solvedAt: s.solvedAt,
    sparsityErrorMean: s.sparsityErrorMean,
    unjudged: g.runs.filter((r) => r.status === 'completed' && r.solved === null).length,
    paper: paperOf(study, g)
  }
}

const ms = (from: string | null, to: string | null): number | null => (from && to ? Date.parse(to) - Date.parse(from) : null)

/**
 * Time left: the running runs' own estimates, plus the queued runs at the mean duration of this
 * study's completed runs (or, before any has completed, of the running runs' projected length),
 * shared among as many training processes as the study has running now.
 */
export function studyEta(runs: readonly StudyRun[], jobs: readonly JobInfo[]): number | null {
  const done = runs
    .filter((r) => r.status === 'completed')
    .map((r) => ms(r.startedAt, r.endedAt))
    .filter((v): v is number => v !== null)
  const projected = jobs.filter((j) => j.etaMs !== null).map((j) => j.elapsedMs + (j.etaMs as number))
  const basis = done.length ? done : projected
  const meanMs = basis.length ? basis.reduce((a, b) => a + b, 0) / basis.length : null
  const runningJobs = jobs.filter((j) => j.status === 'running')
  const running = runs.filter((r) => r.status === 'running').length
  const queued = runs.filter((r) => r.status === 'queued').length
  if (running + queued === 0) return 0
  if (meanMs === null) return null
  // runs trained by another process (the CLI) report no estimate here: count them half done
  const unseen = Math.max(0, running - runningJobs.length)
  const left =
    runningJobs.reduce((sum, j) => sum + (j.etaMs ?? Math.max(0, meanMs - j.elapsedMs)), 0) + (unseen * meanMs) / 2 + queued * meanMs
  return left / Math.max(1, running)
}

function progressOf(study: Study, groups: ModelGroup[], jobs: readonly JobInfo[]): StudyProgress {
  const byStatus = Object.fromEntries(RunStatus.options.map((s) => [s, 0])) as Record<RunStatus, number>
  for (const r of study.runs) byStatus[r.status]++
  const seeds = new Set(study.spec.seeds)
  const missing = groups.reduce((n, g) => n + [...seeds].filter((seed) => !g.runs.some((r) => r.seed === seed)).length, 0)
  return {
    total: study.spec.models.length * study.spec.seeds.length,
    done: byStatus.completed + byStatus.diverged,
    byStatus,
    missing,
    etaMs: studyEta(
      study.runs,
      jobs.filter((j) => j.experimentId === study.id)
    )
  }
}

/** studies.summary: per model (× op) the paper's success rate with its interval, and progress. */
export function studySummary(deps: { store: LabStore; jobs: Pick<JobQueue, 'list'> }, experimentId: number): StudySummary {
  const study = readStudy(deps.store, experimentId)
  const groups = modelGroups(study)
  const t = study.spec.training
  return {
    experimentId: study.id,
    name: study.name,
    preset: study.preset,
    op: opOf(study.spec),
    schedule: t.schedule,
    length: t.schedule === 'iterations' ? t.iterations : t.epochs,
    seeds: study.spec.seeds,
    progress: progressOf(study, groups, deps.jobs.list()),
    groups: groups.map((g) => groupSummary(study, g)),
    interval: 'wilson-95'
  }
}

/** How many points all the seeds' own curves of a request may hold together (about 1 MB of JSON). */
const SEED_POINTS = 60_000

/** Every m-th point of a curve, and its last. */
function thin(c: { x: number[]; y: number[] }, m: number): { x: number[]; y: number[] } {
  if (m <= 1) return c
  const keep = c.x.map((_, i) => i % m === 0 || i === c.x.length - 1)
  return { x: c.x.filter((_, i) => keep[i]), y: c.y.filter((_, i) => keep[i]) }
}

/**
 * studies.series: per model the median and inter-quartile band over seeds of one loss, at no more
 * than about `maxPoints` evaluation points (every k-th, k the same for every run, so the seeds stay
 * aligned), and each seed's own curve when asked for, thinned further so that all seeds together
 * stay near SEED_POINTS points (100 seeds × 3 models of a paper study: about 200 points a seed).
 */
export function studySeries(
  store: LabStore,
  q: { experimentId: number; metric: StudyMetric; seeds: boolean; maxPoints: number }
): StudySeries {
  const study = readStudy(store, q.experimentId)
  const t = study.spec.training
  const inIterations = t.schedule === 'iterations'
  const step = inIterations ? t.evalEvery : 1
  const points = inIterations ? Math.floor(t.iterations / t.evalEvery) + 1 : t.epochs
  const stride = Math.max(1, Math.ceil(points / q.maxPoints))
  // the evaluation points kept: 0, k·evalEvery, 2k·evalEvery… (iterations) or k, 2k… (epochs from 1)
  const xs = inIterations
    ? Array.from({ length: Math.floor(t.iterations / (step * stride)) + 1 }, (_, i) => i * step * stride)
    : Array.from({ length: Math.floor(t.epochs / stride) }, (_, i) => (i + 1) * stride)
  const started = study.runs.filter((r) => r.status !== 'queued')
  const curves = store.readCurves(
    started.map((r) => r.id),
    q.metric,
    xs
  )
  const seedThin = Math.max(1, Math.ceil((started.length * xs.length) / SEED_POINTS))
  return {
    experimentId: study.id,
    metric: q.metric,
    unit: inIterations ? 'iteration' : 'epoch',
    stride,
    groups: modelGroups(study).map((g) => {
      const own = g.runs
        .filter((r) => curves.has(r.id))
        .map((r) => ({ runId: r.id, seed: r.seed, ...(curves.get(r.id) as { x: number[]; y: number[] }) }))
      return {
        key: g.key,
        model: g.model,
        op: g.op,
        ...band(own),
        ...(q.seeds && { seeds: own.map((c) => ({ ...c, ...thin(c, seedThin) })) })
      }
    })
  }
}
