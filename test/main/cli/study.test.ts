import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../../src-main/cli/index'
import type { CliIo } from '../../../src-main/cli/io'
import { formatDuration, progressLine } from '../../../src-main/cli/progress'
import { parseSeeds } from '../../../src-main/cli/seeds'
import { seedRanges } from '@shared/seedList'
import { UsageError } from '../../../src-main/cli/args'
import { captured } from './captured'

let dir: string
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'nalu-study-cli-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (argv: string[], tty?: CliIo['tty']) => captured(main, argv, tty)

describe('--seeds', () => {
  it('reads ranges and lists, each seed once, in the order given', () => {
    expect(parseSeeds('run', '0-9')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(parseSeeds('run', '1,5,7')).toEqual([1, 5, 7])
    expect(parseSeeds('run', '20-22, 3,21')).toEqual([20, 21, 22, 3])
    expect(parseSeeds('run', '0-999')).toHaveLength(1000)
  })

  it.each([
    ['9-0', /range 9-0 runs backwards/],
    ['1,,2', /separated by commas/],
    ['a-b', /has "a-b", which is neither a seed nor a range/],
    ['-3', /neither a seed nor a range/],
    ['0-1000', /more than 1000 seeds/],
    ['0-2000000000', /more than 1000 seeds/],
    ['0-599,600-1200', /more than 1000 seeds/],
    ['2147483648', /at most 2147483647/]
  ])('refuses %j with one sentence', (text, message) => {
    expect(() => parseSeeds('run', text)).toThrow(UsageError)
    expect(() => parseSeeds('run', text)).toThrow(message)
  })

  it('prints back as short ranges', () => {
    expect(seedRanges([5, 0, 1, 2, 3, 9, 10])).toBe('0-3, 5, 9-10')
  })
})

describe('the progress line', () => {
  it('shows runs done of all, steps per second and the time left at that pace', () => {
    let t = 0
    const out: string[] = []
    const p = progressLine({ runs: 2, length: 10_000, unit: 'iterations', write: (s) => void out.push(s), tty: true, now: () => t })
    t = 2000
    p.onEvent('jobs.progress', { runId: 1, epoch: 4000 })
    expect(out.at(-1)).toBe('\rruns 0/2 · 2.0k it/s · ETA 8s\x1b[K')
    t = 5000
    p.onEvent('jobs.finished', { runId: 1, status: 'completed', error: null, divergedAtEpoch: null })
    expect(p.text()).toBe('runs 1/2 · 2.0k it/s · ETA 5s')
    p.print('run 1: completed\n')
    expect(out.slice(-3)).toEqual(['\r\x1b[K', 'run 1: completed\n', '\rruns 1/2 · 2.0k it/s · ETA 5s\x1b[K'])
    p.onEvent('jobs.finished', { runId: 2, status: 'diverged', error: null, divergedAtEpoch: 10 })
    // the pace counts the steps trained: run 2 diverged after 10, not a whole run's 10,000
    expect(out.at(-1)).toBe('\rruns 2/2 · 2.0k it/s · ETA 0s\x1b[K')
    p.done()
    expect(out.at(-1)).toBe('\n')
  })

  it('does not count a cancelled run’s missing steps as trained, nor as left to wait for', () => {
    let t = 0
    const p = progressLine({ runs: 3, length: 10_000, unit: 'iterations', write: () => {}, tty: true, now: () => t })
    t = 1000
    p.onEvent('jobs.progress', { runId: 1, epoch: 1000 })
    p.onEvent('jobs.progress', { runId: 2, epoch: 1000 })
    t = 2000
    p.onEvent('jobs.finished', { runId: 1, status: 'cancelled', error: null, divergedAtEpoch: null })
    // 2,000 steps in 2 s; left: run 2's 9,000 and run 3's 10,000 at 1k it/s
    expect(p.text()).toBe('runs 1/3 · 1.0k it/s · ETA 19s')
  })

  it('writes whole lines, at most every few seconds, where stderr is not a terminal', () => {
    let t = 0
    const out: string[] = []
    const p = progressLine({
      runs: 1,
      length: 100,
      unit: 'epochs',
      write: (s) => void out.push(s),
      tty: false,
      now: () => t,
      everyMs: 1000
    })
    t = 500
    p.onEvent('jobs.progress', { runId: 1, epoch: 10 })
    t = 700
    p.onEvent('jobs.progress', { runId: 1, epoch: 14 })
    expect(out).toEqual(['runs 0/1 · 20 epochs/s · ETA 5s\n'])
  })

  it('formats durations for people', () => {
    expect([formatDuration(4_400), formatDuration(125_000), formatDuration(3_725_000)]).toEqual(['4s', '2m05s', '1h02m'])
  })
})

describe('lab run --seeds and lab summary', () => {
  it('refuses flags that do not fit the preset’s schedule, and --seed with --seeds, in one line', async () => {
    for (const [argv, message] of [
      [
        ['run', '--preset', 'article', '--iterations', '5000'],
        /^run: --iterations does not apply to article, which trains in epochs: use --epochs\n$/
      ],
      [
        ['run', '--preset', 'sign-caveat', '--eval-every', '10'],
        /^run: --eval-every does not apply to sign-caveat, which trains in epochs/
      ],
      [
        ['run', '--preset', 'arithmetic-add', '--epochs', '5'],
        /^run: --epochs does not apply to arithmetic-add, which trains in iterations: use --iterations\n$/
      ],
      [['run', '--preset', 'article', '--seed', '1', '--seeds', '0-3'], /^run: give --seed S or --seeds LIST, not both\n$/],
      [['run', '--preset', 'article', '--seeds', '3-1'], /^run: --seeds range 3-1 runs backwards/],
      [['summary'], /^summary: --experiment ID is required/],
      [['summary', '--experiment', 'x'], /^summary: --experiment must be a positive whole number/]
    ] as const) {
      const r = await cli([...argv])
      expect(r.code, argv.join(' ')).toBe(2)
      expect(r.stderr).toMatch(message)
      expect(r.stderr.trim().split('\n')).toHaveLength(1)
    }
  })

  it('trains a small study, prints each run’s verdict as JSON, and summarises it with Wilson intervals', async () => {
    const db = join(dir, 'study.db')
    const r = await cli([
      'run',
      '--preset',
      'arithmetic-sub',
      '--models',
      'nau',
      '--seeds',
      '0-1',
      '--iterations',
      '3000',
      '--eval-every',
      '1000',
      '--db',
      db,
      '--json'
    ])
    expect(r.code).toBe(0)
    // --json to a pipe: no progress line
    expect(r.stderr).not.toMatch(/runs \d+\/\d+/)
    const runs = JSON.parse(r.stdout) as Record<string, unknown>[]
    expect(runs.map((x) => [x.model, x.seed, x.status, x.epochs, x.iterations, x.op])).toEqual([
      ['nau→nau', 0, 'completed', null, 3000, 'sub'],
      ['nau→nau', 1, 'completed', null, 3000, 'sub']
    ])
    for (const x of runs) {
      expect(Object.keys(x.success as object)).toEqual(['rule', 'solved', 'solvedAt', 'bestIteration', 'threshold', 'sparsityError'])
      expect(x.success).toMatchObject({ rule: 'best-interpolation', solved: expect.any(Boolean), bestIteration: expect.any(Number) })
    }
    const solved = runs.filter((x) => (x.success as { solved: boolean }).solved).length

    const json = await cli(['summary', '--experiment', '1', '--db', db, '--json'])
    expect(json.code).toBe(0)
    const s = JSON.parse(json.stdout) as { progress: { total: number; done: number }; groups: Record<string, unknown>[] }
    expect(s.progress).toMatchObject({ total: 2, done: 2 })
    expect(s.groups).toHaveLength(1)
    expect(s.groups[0]).toMatchObject({
      model: 'nau→nau',
      op: 'sub',
      runs: 2,
      judged: 2,
      solved,
      rate: solved / 2,
      paper: { paperModel: 'NAU', rate: 1 }
    })
    expect((s.groups[0].ci as number[])[1]).toBeGreaterThan(solved / 2)

    const text = await cli(['summary', '--experiment', '1', '--db', db])
    expect(text.stdout).toMatch(/^Study 1 ".*" \(arithmetic-sub\): 3000 iterations a run, seeds 0-1 \(2\)\nruns 2\/2 done\n/)
    expect(text.stdout).toMatch(/model +op +judged +solved +rate +95% CI \(Wilson\)/)
    expect(text.stdout).toMatch(new RegExp(`nau→nau +− +2/2 +${solved} +${solved * 50}% +\\[[\\d.]+%, [\\d.]+%\\]`))
    expect(text.stdout).toMatch(/100% \[96\.3%, 100%\]/)
    expect(text.stdout).toMatch(/Paper: Madsen & Johansen, ICLR 2020/)

    const missing = await cli(['summary', '--experiment', '9', '--db', db])
    expect(missing).toMatchObject({ code: 1, stderr: 'summary: Experiment 9 does not exist\n' })
  })

  it('shows the progress line on stderr when the output is a terminal, and the study table after the runs', async () => {
    const r = await cli(
      ['run', '--preset', 'arithmetic-add', '--models', 'nau', '--seeds', '4,5', '--iterations', '2000', '--db', join(dir, 'tty.db')],
      { stdout: true, stderr: true }
    )
    expect(r.code).toBe(0)
    // eslint-disable-next-line no-control-regex -- the live progress line ends with the terminal's erase-line code
    expect(r.stderr).toMatch(/\rruns 2\/2 · [\d.]+k? it\/s · ETA 0s\x1b\[K\n$/)
    expect(r.stderr).toMatch(/run 1: completed\n/)
    expect(r.stdout).toMatch(/^id +model +seed +status +iterations/)
    expect(r.stdout).toMatch(/Study 1 ".*" \(arithmetic-add\): 2000 iterations a run, seeds 4-5 \(2\)/)
  })
})
