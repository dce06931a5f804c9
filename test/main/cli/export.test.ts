import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Result } from '../../../src-shared/api'
import type { FilePayload } from '../../../src-shared/contract'
import { exportCommand } from '../../../src-main/cli/export'
import { Router } from '../../../src-main/ipc/router'
import { EventHub } from '../../../src-main/ipc/events'
import type { JobQueue } from '../../../src-main/jobs/types'
import { setupFigures } from '../../../src-main/features/figures'
import { EPOCHS, seededStore } from '../export/seededStore'
import { parseSvg, pngSize, svgText } from '../export/inspect'

let db: ReturnType<typeof seededStore>
let out: string

beforeAll(() => {
  db = seededStore()
  out = mkdtempSync(join(tmpdir(), 'nalu-cli-export-'))
})
afterAll(() => {
  db.cleanup()
  rmSync(out, { recursive: true, force: true })
})

async function run(args: string[]) {
  const stdout: string[] = []
  const stderr: string[] = []
  const code = await exportCommand(args, { stdout: (s) => stdout.push(s), stderr: (s) => stderr.push(s) })
  return { code, stdout: stdout.join(''), stderr: stderr.join('') }
}

describe('lab export (CLI)', () => {
  it('writes the same CSV and SVG as the app for the same runs and options', async () => {
    const router = new Router({ checkResponses: true })
    const jobs = {} as JobQueue // figures.export never uses the queue
    setupFigures({ router, events: new EventHub(), store: db.store, jobs, info: { version: 't', transport: 'browser', dbPath: db.path, cores: 1, backends: [] } })
    const ids = db.runIds.slice(1, 5)
    for (const format of ['csv', 'svg'] as const) {
      const file = join(out, `same.${format}`)
      const cli = await run(['--runs', ids.join(','), '--metric', 'extrap', '--format', format, '--out', file, '--smooth', '0.7', '--db', db.path])
      expect(cli).toMatchObject({ code: 0, stderr: '' })
      const ui = (await router.dispatch('figures.export', { ids, format, options: { metric: 'extrap', smoothing: 0.7 } })) as Result<FilePayload>
      if (!ui.ok) throw new Error(ui.error.message)
      // Skia numbers clip paths with a process-wide counter; everything else must be identical.
      const same = (b: Buffer) => b.toString('utf8').replace(/\bcl_[0-9a-z]+\b/g, 'cl')
      expect(same(readFileSync(file))).toBe(same(Buffer.from(ui.value.base64, 'base64')))
    }
  })

  it('writes CSV rows for every epoch of every run and says where it wrote', async () => {
    const file = join(out, 'all.csv')
    const r = await run(['export', '--runs', db.runIds.join(','), '--metric', 'train', '--out', file, '--db', db.path])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ bytes\\)\\n$`))
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1 + EPOCHS * db.runIds.length)
  })

  it('draws a PNG at --scale and an SVG with --linear, title and legend as text', async () => {
    const png = join(out, 'f.png')
    expect((await run(['--runs', String(db.runIds[0]), '--out', png, '--scale', '3', '--width', '300', '--height', '200', '--db', db.path])).code).toBe(0)
    expect(pngSize(readFileSync(png))).toEqual({ width: 900, height: 600 })
    const svg = join(out, 'f.svg')
    const r = await run(['--runs', `${db.runIds[0]},${db.runIds[2]}`, '--out', svg, '--linear', '--title', 'Figure 1', '--theme', 'print', '--font-size', '14', '--db', db.path])
    expect(r.code).toBe(0)
    const text = svgText(parseSvg(readFileSync(svg, 'utf8')))
    for (const p of ['Figure 1', 'nac · seed 1 · mystery', 'nalu · seed 1 · mystery', 'Training loss (MSE)', 'Epoch']) expect(text).toContain(p)
  })

  it('--set writes the article pair named after the experiment', async () => {
    const dir = join(out, 'set')
    const r = await run(['--runs', db.runIds.join(','), '--set', '--format', 'pdf', '--out', dir, '--db', db.path])
    expect(r.code).toBe(0)
    expect(readdirSync(dir).sort()).toEqual(['mystery-problem-extrap-loss.pdf', 'mystery-problem-train-loss.pdf'])
    expect(readFileSync(join(dir, 'mystery-problem-train-loss.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it.each([
    [['--runs', '1,999', '--out', 'x.csv'], /^export: No run with id 999\.\n$/],
    [['--runs', '1', '--out', 'x.gif'], /cannot tell the format from "x\.gif"/],
    [['--runs', '1', '--format', 'gif', '--out', 'x.gif'], /unknown format "gif"/],
    [['--runs', '1', '--out', 'x.csv', '--colour', 'red'], /^export: unknown option --colour\n$/],
    [['--runs', '1,a', '--out', 'x.csv'], /"a" is not a run id/],
    [['--out', 'x.csv'], /--runs is required/],
    [['--runs', '1'], /--out is required/],
    [['--runs', '1', '--out', 'x.csv', '--metric', 'loss'], /unknown metric "loss"/],
    [['--runs', '1', '--out', 'x.csv', '--log', '--linear'], /contradict/],
    [['--runs', '1', '--out', 'x.csv', '--smooth', '1'], /smoothing/],
    [['--runs', '1', '--out', 'x.csv', '--smooth', 'lots'], /--smooth must be a number/],
    [['--runs', '1', '--out', 'x.png', '--scale', '0'], /--scale must be above 0/],
    [['--runs', '1', '--out', 'x.csv', '--theme', 'neon'], /theme/],
    [['--runs', '1', '--out', 'x.csv', 'extra'], /unexpected argument "extra"/]
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const r = await run([...args, '--db', db.path].map((a) => (a === '1' || a === '1,999' || a === '1,a' ? a.replace('1', String(db.runIds[0])) : a)))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stdout).toBe('')
    expect(existsSync('x.csv') || existsSync('x.png')).toBe(false)
  })

  it('refuses a database that does not exist instead of creating one', async () => {
    const missing = join(out, 'nope.db')
    const r = await run(['--runs', '1', '--out', join(out, 'n.csv'), '--db', missing])
    expect(r).toMatchObject({ code: 2 })
    expect(r.stderr).toContain(`no database at ${missing}`)
    expect(existsSync(missing)).toBe(false)
  })

  it('without the native canvas refuses PNG in one sentence (exit 1) but writes CSV', async () => {
    const gone = () => Promise.reject(new Error('no prebuilt binary'))
    const io = { stdout: () => {}, stderr: (s: string) => errs.push(s) }
    const errs: string[] = []
    const base = ['--runs', String(db.runIds[0]), '--db', db.path]
    expect(await exportCommand([...base, '--out', join(out, 'nc.png')], io, gone)).toBe(1)
    expect(errs.join('')).toMatch(/^export: PNG, SVG and PDF export need .*CSV and JSON export still work\.\n$/)
    expect(await exportCommand([...base, '--out', join(out, 'nc.csv')], io, gone)).toBe(0)
  })

  it('prints usage for --help', async () => {
    const r = await run(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--runs ID,ID,...')
  })
})
