import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../../src-main/cli/index'
import { studyTable } from '../../../src-main/cli/summary'
import type { StudySummary } from '../../../src-shared/domain'
import { wilsonInterval } from '../../../src-shared/stats'
import { planRuns } from '../../../src-main/services/experiments'
import { openStore } from '../../../src-main/store'
import { ENV, spec, tempDir } from '../store/fixtures'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => void (tmp = tempDir('nalu-summary-cli-')))
afterEach(() => tmp.cleanup())

describe('lab summary', () => {
  it('shows the runs of a `lab run` that died as interrupted, as `lab list` does, not as running for ever', async () => {
    const path = join(tmp.dir, 'lab.db')
    const store = openStore(path)
    const s = spec({ seeds: [1, 2] })
    const ids = store.createExperiment(s, planRuns(s)).runIds
    store.markRunning(ids[0], ENV)
    store.close()
    const gone = spawnSync(process.execPath, ['-e', '']).pid
    const db = new Database(path)
    db.prepare('UPDATE runs SET owner_pid = ?, owner_token = ?').run(gone, 'dead-cli')
    db.close()
    let stdout = ''
    const code = await main(['summary', '--experiment', '1', '--db', path], { stdout: (x) => void (stdout += x), stderr: () => {} })
    expect(code).toBe(0)
    expect(stdout).toMatch(new RegExp(`^runs 0/${ids.length} done \\(${ids.length} interrupted\\)$`, 'm'))
  })

  it('says when the runs are shorter than the paper’s 5·10⁶ iterations its rate is set beside', () => {
    const paper = {
      paperModel: 'NMU',
      solved: 98,
      seeds: 100,
      rate: 0.98,
      ci: wilsonInterval(98, 100)!,
      solvedAtMedian: 1.4e6,
      sparsityErrorMean: 4.2e-7,
      source: 'M&J'
    }
    const summary = (length: number): StudySummary => ({
      experimentId: 3,
      name: 'mul',
      preset: 'arithmetic-mul',
      op: 'mul',
      schedule: 'iterations',
      length,
      seeds: [0, 1, 2],
      progress: {
        total: 3,
        done: 3,
        byStatus: { queued: 0, running: 0, completed: 3, cancelled: 0, diverged: 0, interrupted: 0, failed: 0 },
        missing: 0,
        etaMs: 0
      },
      groups: [
        {
          key: 'nau→nmu',
          model: 'nau→nmu',
          op: 'mul',
          runs: 3,
          judged: 3,
          solved: 0,
          rate: 0,
          ci: wilsonInterval(0, 3),
          solvedAt: null,
          sparsityErrorMean: null,
          unjudged: 0,
          paper
        }
      ],
      interval: 'wilson-95'
    })
    const short = studyTable(summary(20_000))
    expect(short).toMatch(/ 0%  +\[0%, 56\.1%\] .* 98% \[93%, 99\.4%\]/)
    expect(short).toContain("These runs are 20000 iterations, the paper's 5000000: a unit that gets there later is not solved here.")
    expect(studyTable(summary(5_000_000))).not.toContain('These runs are')
  })
})
