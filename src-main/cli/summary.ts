import { ApiError } from '@shared/api'
import { OP_SYMBOL, type StudyGroup, type StudySummary } from '@shared/domain'
import { PAPER_CITATION } from '@shared/paper/madsenJohansen2020'
import { seedRanges } from '@shared/seedList'
import { studySummary } from '../services/studies'
import { PAPER_ITERATIONS } from '../training/presets'
import { experimentFlags, openExistingStore } from './experimentFlags'
import type { CliIo } from './io'
import { formatDuration } from './progress'
import { slurmLines, slurmStatus, type SlurmJobStatus } from './summarySlurm'
import { formatNumber, table } from './table'

export const SUMMARY_USAGE = `Usage: npm run lab -- summary --experiment ID [--db PATH] [--json]
  --experiment ID  the experiment (study) to summarise: its id as \`lab list\` and the app show it
  --db PATH        database (default: NALU_LAB_DB, then the app's)
  --json           print the summary as one JSON object: progress, and per model (× op) runs, solved, rate,
                   ci [lo, hi] (Wilson 95%), solvedAt {q1, median, q3}, sparsityErrorMean, paper;
                   and, for a study sent to Slurm, slurm: [{jobId, partition, runs, out, tasks: {STATE: n}, updatedAt}]`

const pct = (v: number): string => `${Math.round(v * 1000) / 10}%`
const ci = (c: [number, number] | null): string | null => (c ? `[${pct(c[0])}, ${pct(c[1])}]` : null)

function row(g: StudyGroup): (string | number | null)[] {
  const at = g.solvedAt ? `${formatNumber(g.solvedAt.median)} [${formatNumber(g.solvedAt.q1)}, ${formatNumber(g.solvedAt.q3)}]` : null
  const paper = g.paper ? `${pct(g.paper.rate)} ${ci(g.paper.ci)}` : null
  return [
    g.model,
    g.op ? OP_SYMBOL[g.op] : null,
    `${g.judged}/${g.runs}`,
    g.solved,
    g.rate === null ? null : pct(g.rate),
    ci(g.ci),
    at,
    g.sparsityErrorMean,
    paper
  ]
}

/** The study as a terminal table: a heading, progress, one row per model, and where the numbers come from. */
export function studyTable(s: StudySummary, slurm: readonly SlurmJobStatus[] = []): string {
  const unit = s.schedule === 'iterations' ? 'iterations' : 'epochs'
  const p = s.progress
  const left = p.total - p.done
  const heading =
    `Study ${s.experimentId} "${s.name}"${s.preset ? ` (${s.preset})` : ''}: ${formatNumber(s.length)} ${unit} a run, ` +
    `seeds ${seedRanges(s.seeds)} (${s.seeds.length})`
  const status = Object.entries(p.byStatus)
    .filter(([k, n]) => n > 0 && k !== 'completed' && k !== 'diverged')
    .map(([k, n]) => `${n} ${k}`)
  const progress =
    `runs ${p.done}/${p.total} done${status.length ? ` (${status.join(', ')})` : ''}` +
    `${p.missing ? `, ${p.missing} missing` : ''}${left > 0 && p.etaMs !== null && p.etaMs > 0 ? `, ETA ${formatDuration(p.etaMs)}` : ''}`
  const body = table(
    ['model', 'op', 'judged', 'solved', 'rate', '95% CI (Wilson)', `solved at: median [q1, q3]`, 'sparsity error', 'paper: rate [95% CI]'],
    s.groups.map(row)
  )
  const notes = [
    `Solved: Madsen & Johansen's rule (extrapolation MSE below the ε-perfect threshold at the point of lowest interpolation MSE);`,
    `judged: completed and diverged runs with a verdict; solved at and sparsity error (mean): over the solved runs.`,
    ...(s.groups.some((g) => g.paper) ? [`Paper: ${PAPER_CITATION}.`] : []),
    // a rate after 5·10⁴ iterations is not the paper's after 5·10⁶ (the NMU solves × at about 1.4·10⁶)
    ...(s.groups.some((g) => g.paper) && s.schedule === 'iterations' && s.length < PAPER_ITERATIONS
      ? [
          `These runs are ${formatNumber(s.length)} iterations, the paper's ${formatNumber(PAPER_ITERATIONS)}: a unit that gets there later is not solved here.`
        ]
      : []),
    ...(s.groups.some((g) => g.unjudged) ? [`Runs stored before the paper's rule existed have no verdict and are not counted.`] : [])
  ]
  const jobs = slurmLines(slurm, s.experimentId)
    .map((l) => `${l}\n`)
    .join('')
  return `${heading}\n${progress}\n${jobs}\n${body}\n${notes.join('\n')}\n`
}

/** `npm run lab -- summary`: a study's success rates per model with Wilson 95 % intervals. */
export function summaryCommand(argv: string[], io: CliIo): number {
  const flags = experimentFlags('summary', argv, SUMMARY_USAGE, io)
  if (typeof flags === 'number') return flags
  const id = flags.experimentId
  // as `lab list`: runs of a `lab run` that died read interrupted, not running for ever
  const store = openExistingStore('summary', flags.db, io)
  if (!store) return 1
  try {
    const s = studySummary({ store, jobs: { list: () => [] } }, id)
    const slurm = slurmStatus(store, id)
    io.stdout(flags.json ? `${JSON.stringify(slurm.length ? { ...s, slurm } : s)}\n` : studyTable(s, slurm))
    return 0
  } catch (err) {
    if (err instanceof ApiError) {
      io.stderr(`summary: ${err.message}\n`)
      return 1
    }
    throw err
  } finally {
    store.close()
  }
}
