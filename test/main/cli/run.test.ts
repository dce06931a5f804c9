import { execFile, spawn } from 'node:child_process'
import { once } from 'node:events'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../../src-main/cli/index'
import { captured } from './captured'

const ROOT = join(import.meta.dirname, '..', '..', '..')
let dir: string
beforeAll(() => void (dir = mkdtempSync(join(tmpdir(), 'nalu-cli-'))))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const cli = (...argv: string[]) => captured(main, argv)

describe('lab run: bad arguments exit 2 with one line saying what is wrong', () => {
  it.each([
    [['run', '--preset', 'nope'], /^run: unknown preset "nope" \(one of: article, sign-caveat, /],
    [['run'], /^run: --preset is required/],
    [['run', '--preset', 'article', '--models', 'nac,transformer'], /^run: unknown model "transformer" \(units: vanilla, /],
    [['run', '--preset', 'article', '--models', 'nalu:fancy'], /^run: unknown model "nalu:fancy": nalu has no variant "fancy"/],
    [['run', '--preset', 'article', '--fast'], /^run: unknown option --fast \(options: --preset, /],
    [['run', '--preset', 'article', '--epochs', '0'], /^run: --epochs must be a positive whole number \(at most 1000000\), got "0"/],
    [['run', '--preset', 'article', '--epochs', '-3'], /^run: --epochs must be a positive whole number \(at most 1000000\), got "-3"/],
    [['run', '--preset', 'article', '--seed', '-3'], /^run: /],
    [['run', '--preset', 'article', 'extra'], /^run: unexpected argument "extra"/],
    [['list', '--verbose'], /^list: unknown option --verbose/],
    [['train'], /^lab: unknown command "train"/]
  ])('%j', async (argv, message) => {
    const r = await cli(...argv)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stdout).toBe('')
  })
})

describe('lab run and lab list', () => {
  it('trains a preset into the database and prints the runs as JSON; list shows them', async () => {
    const db = join(dir, 'lab.db')
    const r = await cli('run', '--preset', 'article', '--models', 'nac,nalu:article', '--epochs', '3', '--seed', '7', '--db', db, '--json')
    expect(r.code).toBe(0)
    const runs = JSON.parse(r.stdout) as Record<string, unknown>[]
    expect(runs.map((x) => Object.keys(x))).toEqual(
      Array(2).fill([
        'id',
        'model',
        'seed',
        'status',
        'epochs',
        'iterations',
        'op',
        'trainMse',
        'interpMse',
        'extrapMse',
        'seconds',
        'backend',
        'success'
      ])
    )
    expect(runs.map((x) => [x.iterations, x.op])).toEqual([
      [null, null],
      [null, null]
    ])
    expect(runs.map((x) => [x.model, x.seed, x.status, x.epochs])).toEqual([
      ['nac', 7, 'completed', 3],
      ['nalu(article)', 7, 'completed', 3]
    ])
    for (const x of runs) {
      expect(x.trainMse).toEqual(expect.any(Number))
      expect(x.seconds).toBeGreaterThan(0)
      expect(x.backend).toMatch(/^fused-/)
    }
    const listed = await cli('list', '--db', db, '--json')
    expect(listed.code).toBe(0)
    expect((JSON.parse(listed.stdout) as { id: number; preset: string }[]).map((x) => [x.id, x.preset])).toEqual([
      [1, 'article'],
      [2, 'article']
    ])
    const table = await cli('list', '--db', db)
    expect(table.stdout.split('\n')[0]).toMatch(/^id +experiment +preset +model/)
    expect(table.stdout).toMatch(/nalu\(article\) +7 +completed +3\/3/)
  })

  it('prints a table and the per-output breakdown without --json', async () => {
    const r = await cli('run', '--preset', 'sign-caveat', '--models', 'nalu,nmu', '--seed', '1', '--db', join(dir, 'caveat.db'))
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^id +model +seed +status/)
    expect(r.stdout).toMatch(/Seed 1, per output/)
    // the NMU's one output succeeds, the NALU's does not
    expect(r.stdout).toMatch(/y0 +x\d × x\d +[\d.e+-]+ +[\d.e+-]+ ✓/)
  })

  it('refuses a --db that does not exist (a typo) and does not create it', async () => {
    const r = await cli('list', '--db', join(dir, 'none.db'), '--json')
    expect(r).toEqual({
      code: 1,
      stdout: '',
      stderr: `list: there is no database at ${join(dir, 'none.db')} (check --db; list does not create one).\n`
    })
    expect(existsSync(join(dir, 'none.db'))).toBe(false)
  })

  it('works as a whole process: `lab run` exits 2 on an unknown preset and 0 with --json output', async () => {
    const run = promisify(execFile)
    const entry = ['--import', './tools/source.mjs', join(ROOT, 'src-main', 'cli', 'index.ts')]
    const bad = await run('node', [...entry, 'run', '--preset', 'nope'], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e)
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringMatching(/^run: unknown preset "nope"/) })
    const ok = await run(
      'node',
      [...entry, 'run', '--preset', 'article', '--models', 'vanilla', '--epochs', '2', '--db', join(dir, 'proc.db'), '--json'],
      { cwd: ROOT }
    )
    expect(JSON.parse(ok.stdout)).toMatchObject([{ model: 'vanilla', status: 'completed', epochs: 2 }])
  })

  it('stores the runs as cancelled, epochs kept, and exits 130 after Ctrl-C', async () => {
    const db = join(dir, 'sigint.db')
    const cliProc = spawn(
      'node',
      [
        '--import',
        './tools/source.mjs',
        join(ROOT, 'src-main', 'cli', 'index.ts'),
        'run',
        '--preset',
        'article',
        '--models',
        'nac',
        '--epochs',
        '100000',
        '--db',
        db,
        '--json'
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    const exited = once(cliProc, 'exit')
    const epochsDone = (): number => {
      try {
        const raw = new Database(db, { readonly: true, fileMustExist: true })
        try {
          return (raw.prepare('SELECT max(epochs_done) FROM runs').pluck().get() as number | null) ?? 0
        } finally {
          raw.close()
        }
      } catch {
        return 0
      }
    }
    for (let t = 0; epochsDone() === 0; t++) {
      if (t > 300) throw new Error('the run never stored an epoch')
      await new Promise((r) => setTimeout(r, 100))
    }
    cliProc.kill('SIGINT')
    const [code] = (await exited) as [number | null]
    expect(code).toBe(130)
    const raw = new Database(db, { readonly: true })
    const runs = raw
      .prepare('SELECT status, epochs_done AS n, (SELECT count(*) FROM epochs WHERE run_id = runs.id) AS stored FROM runs')
      .all() as { status: string; n: number; stored: number }[]
    raw.close()
    expect(runs).toHaveLength(1)
    expect(runs[0]).toMatchObject({ status: 'cancelled' })
    expect(runs[0].n).toBeGreaterThan(0)
    expect(runs[0].stored).toBe(runs[0].n)
  }, 60_000)
})
