import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Result } from '@shared/api'
import type { FilePayload } from '@shared/contract'
import { exportCommand } from '../../../src-main/cli/export'
import { Router } from '../../../src-main/ipc/router'
import { EventHub } from '../../../src-main/ipc/events'
import type { JobQueue } from '../../../src-main/jobs/types'
import { setupFigures } from '../../../src-main/features/figures'
import { EPOCHS } from '../export/seededStore'
import { elements, parseSvg, pngSize, svgText } from '../export/inspect'
import { pngDpi } from '../../../src-main/export/pngDpi'
import { readZip } from '../export/readZip'
import { captured } from './captured'
import { useExportFixture } from './exportFixture'

const fx = useExportFixture('nalu-cli-export-')

const run = (args: string[]) => captured(exportCommand, args)

describe('lab export (CLI)', () => {
  it('writes the same CSV and SVG as the app for the same runs and options', async () => {
    const router = new Router({ checkResponses: true })
    const jobs = {} as JobQueue // figures.export never uses the queue
    setupFigures({
      router,
      events: new EventHub(),
      store: fx.db.store,
      jobs,
      info: { version: 't', transport: 'browser', dbPath: fx.db.path, cores: 1, backends: [] }
    })
    const ids = fx.db.runIds.slice(1, 5)
    for (const format of ['csv', 'svg'] as const) {
      const file = join(fx.out, `same.${format}`)
      const cli = await run([
        '--runs',
        ids.join(','),
        '--metric',
        'extrap',
        '--format',
        format,
        '--out',
        file,
        '--smooth',
        '0.7',
        '--db',
        fx.db.path
      ])
      expect(cli).toMatchObject({ code: 0, stderr: '' })
      // the CLI's defaults: one journal column (3.5 × 2.5 in = 336 × 240 px), 8 pt text, print style
      const options = { metric: 'extrap', smoothing: 0.7, theme: 'print', widthPx: 336, heightPx: 240, fontSize: (8 * 96) / 72 }
      const ui = (await router.dispatch('figures.export', { ids, format, options })) as Result<FilePayload>
      if (!ui.ok) throw new Error(ui.error.message)
      // Skia numbers clip paths with a process-wide counter; everything else must be identical.
      const same = (b: Buffer) => b.toString('utf8').replace(/\bcl_[0-9a-z]+\b/g, 'cl')
      expect(same(readFileSync(file))).toBe(same(Buffer.from(ui.value.base64, 'base64')))
    }
  })

  it('writes CSV rows for every epoch of every run and says where it wrote', async () => {
    const file = join(fx.out, 'all.csv')
    const r = await run(['export', '--runs', fx.db.runIds.join(','), '--metric', 'train', '--out', file, '--db', fx.db.path])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^wrote ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\(\\d+ bytes\\)\\n$`))
    expect(readFileSync(file, 'utf8').trimEnd().split('\n')).toHaveLength(1 + EPOCHS * fx.db.runIds.length)
  })

  it('draws a PNG at --scale and an SVG with --linear, title and legend as text', async () => {
    const png = join(fx.out, 'f.png')
    expect(
      (
        await run([
          '--runs',
          String(fx.db.runIds[0]),
          '--out',
          png,
          '--scale',
          '3',
          '--width',
          '300',
          '--height',
          '200',
          '--db',
          fx.db.path
        ])
      ).code
    ).toBe(0)
    expect(pngSize(readFileSync(png))).toEqual({ width: 900, height: 600 })
    const svg = join(fx.out, 'f.svg')
    const r = await run([
      '--runs',
      `${fx.db.runIds[0]},${fx.db.runIds[2]}`,
      '--out',
      svg,
      '--linear',
      '--title',
      'Figure 1',
      '--theme',
      'print',
      '--font-size',
      '14',
      '--db',
      fx.db.path
    ])
    expect(r.code).toBe(0)
    const text = svgText(parseSvg(readFileSync(svg, 'utf8')))
    for (const p of ['Figure 1', 'nac · seed 1 · mystery', 'nalu · seed 1 · mystery', 'Training MSE', 'Epoch']) expect(text).toContain(p)
  })

  it('sizes a figure for print: --width/--height in in or cm, --font-size in points, --dpi written into the PNG', async () => {
    const png = join(fx.out, 'col.png')
    const base = ['--runs', fx.db.runIds.slice(0, 2).join(','), '--db', fx.db.path]
    expect((await run([...base, '--out', png, '--width', '3.5in', '--height', '2.5in', '--dpi', '300', '--font-size', '8'])).code).toBe(0)
    expect(pngSize(readFileSync(png))).toEqual({ width: 1050, height: 750 })
    expect(Math.round(pngDpi(readFileSync(png))!.x)).toBe(300)
    const svg = join(fx.out, 'col.svg')
    expect((await run([...base, '--out', svg, '--width', '8.89cm', '--height', '6.35cm', '--font-size', '9'])).code).toBe(0)
    const doc = parseSvg(readFileSync(svg, 'utf8'))
    // 3.5 in at 96 CSS px an inch; 9 pt = 12 px, the axis titles' size
    expect(doc.attributes).toMatchObject({ width: '336', height: '240' })
    const epoch = elements(doc, 'text').find((t) => t.text === 'Epoch')!
    expect(Number(epoch.attributes['font-size'])).toBeCloseTo(12, 1)
  })

  it('--group-by model draws one line per model, --per op one per operation', async () => {
    const svg = join(fx.out, 'grouped.svg')
    const r = await run(['--runs', fx.db.runIds.join(','), '--out', svg, '--group-by', 'model', '--db', fx.db.path])
    expect(r.code).toBe(0)
    const texts = elements(parseSvg(readFileSync(svg, 'utf8')), 'text').map((t) => t.text)
    expect(texts).toEqual(
      expect.arrayContaining(['nac (median, IQR of 2 runs)', 'nalu (median, IQR of 2 runs)', 'nau→nmu (median, IQR of 2 runs)'])
    )
    const perOp = join(fx.out, 'per-op.csv')
    expect((await run(['--runs', String(fx.db.runIds[0]), '--out', perOp, '--per', 'op', '--db', fx.db.path])).code).toBe(0)
    const labels = new Set(
      readFileSync(perOp, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',')[1])
    )
    expect(labels).toEqual(new Set(['nac · seed 1 · mystery · +', 'nac · seed 1 · mystery · ×']))
  })

  it('--bundle writes the figures, data and configuration of a comparison into one .zip', async () => {
    const file = join(fx.out, 'bundle.zip')
    const r = await run(['--runs', fx.db.runIds.join(','), '--bundle', '--out', file, '--db', fx.db.path])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^wrote .*bundle\.zip \(\d+ bytes\)\n$/)
    const members = readZip(readFileSync(file))
    expect(members.map((m) => m.name)).toEqual(
      ['png', 'svg', 'pdf', 'csv', 'json'].flatMap((ext) => [`mystery-problem-train-loss.${ext}`, `mystery-problem-extrap-loss.${ext}`])
    )
    const member = (name: string) => members.find((m) => m.name === name)?.bytes as Buffer
    expect(pngDpi(member('mystery-problem-train-loss.png'))?.x).toBeCloseTo(300, 1)
    expect(member('mystery-problem-extrap-loss.pdf').subarray(0, 5).toString()).toBe('%PDF-')
    const json = JSON.parse(member('mystery-problem-train-loss.json').toString('utf8')) as { figure: unknown; runs: unknown[] }
    expect(json.figure).toMatchObject({ metric: 'train', theme: 'print' })
    expect(json.runs[0]).toMatchObject({ configHash: expect.any(String), config: { spec: { name: 'Mystery problem' } } })
    const csv = member('mystery-problem-extrap-loss.csv').toString('utf8')
    expect(csv.startsWith('run_id,label,experiment,model,seed')).toBe(true)
    const notZip = await run(['--runs', '1', '--bundle', '--out', join(fx.out, 'bundle'), '--db', fx.db.path])
    expect([notZip.code, notZip.stderr]).toEqual([
      2,
      `export: --bundle writes one .zip file: give --out NAME.zip, not "${join(fx.out, 'bundle')}"\n`
    ])
  })

  it('--set writes the article pair named after the experiment', async () => {
    const dir = join(fx.out, 'set')
    const r = await run(['--runs', fx.db.runIds.join(','), '--set', '--format', 'pdf', '--out', dir, '--db', fx.db.path])
    expect(r.code).toBe(0)
    expect(readdirSync(dir).sort()).toEqual(['mystery-problem-extrap-loss.pdf', 'mystery-problem-train-loss.pdf'])
    expect(readFileSync(join(dir, 'mystery-problem-train-loss.pdf')).subarray(0, 5).toString()).toBe('%PDF-')
  })

  it.each([
    [['--runs', '1,999', '--out', 'x.csv'], /^export: Run 999 does not exist\n$/],
    [['--runs', '1', '--out', 'x.gif'], /cannot tell the format from "x\.gif"/],
    [['--runs', '1', '--format', 'gif', '--out', 'x.gif'], /unknown format "gif"/],
    [['--runs', '1', '--out', 'x.csv', '--colour', 'red'], /^export: unknown option --colour \(options: --runs, --metric, /],
    [['--runs', '1,a', '--out', 'x.csv'], /"a" is not a run id/],
    [['--out', 'x.csv'], /--runs is required/],
    [['--runs', '1'], /--out is required/],
    [['--runs', '1', '--out', 'x.csv', '--metric', 'loss'], /unknown metric "loss"/],
    [['--runs', '1', '--out', 'x.csv', '--log', '--linear'], /contradict/],
    [['--runs', '1', '--out', 'x.csv', '--smooth', '1'], /--smooth is the smoothing weight, from 0 up to \(not including\) 1, got 1/],
    [['--runs', '1', '--out', 'x.csv', '--smooth', 'lots'], /--smooth must be a number/],
    [['--runs', '1', '--out', 'x.png', '--scale', '0'], /--scale must be above 0/],
    [['--runs', '1', '--out', 'x.csv', '--theme', 'neon'], /theme/],
    [['--runs', '1', '--out', 'x.csv', 'extra'], /unexpected argument "extra"/],
    [['--runs', '1', '--out', 'x.png', '--width', '3.5mm'], /--width must be a length such as 3\.5in or 8\.9cm, got "3\.5mm"/],
    [['--runs', '1', '--out', 'x.png', '--height', '0.1in'], /--height must be from 0\.5in/],
    [['--runs', '1', '--out', 'x.png', '--dpi', '0'], /--dpi must be from 36 to 2400/],
    [['--runs', '1', '--out', 'x.png', '--dpi', '300', '--scale', '2'], /--scale and --dpi/],
    [['--runs', '1', '--out', 'x.png', '--font-size', '60'], /--font-size is in points and must be from 4 to 36/],
    [['--runs', '1', '--out', 'x.png', '--group-by', 'seed'], /--group-by must be run or model, got "seed"/],
    [['--runs', '1', '--out', 'x.png', '--per', 'op', '--metric', 'train'], /--per needs --metric interp or extrap/]
  ])('refuses %j with exit 2 and one line', async (args, message) => {
    const r = await run(
      [...args, '--db', fx.db.path].map((a) => (a === '1' || a === '1,999' || a === '1,a' ? a.replace('1', String(fx.db.runIds[0])) : a))
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1)
    expect(r.stdout).toBe('')
    expect(existsSync('x.csv') || existsSync('x.png')).toBe(false)
  })

  it('refuses a database that does not exist instead of creating one', async () => {
    const missing = join(fx.out, 'nope.db')
    const r = await run(['--runs', '1', '--out', join(fx.out, 'n.csv'), '--db', missing])
    expect(r).toMatchObject({ code: 2 })
    expect(r.stderr).toContain(`no database at ${missing}`)
    expect(existsSync(missing)).toBe(false)
  })

  it('without the native canvas refuses PNG in one sentence (exit 1) but writes CSV', async () => {
    const gone = () => Promise.reject(new Error('no prebuilt binary'))
    const io = { stdout: () => {}, stderr: (s: string) => errs.push(s) }
    const errs: string[] = []
    const base = ['--runs', String(fx.db.runIds[0]), '--db', fx.db.path]
    expect(await exportCommand([...base, '--out', join(fx.out, 'nc.png')], io, gone)).toBe(1)
    expect(errs.join('')).toMatch(/^export: PNG, SVG and PDF export need .*CSV and JSON export still work\.\n$/)
    expect(await exportCommand([...base, '--out', join(fx.out, 'nc.csv')], io, gone)).toBe(0)
  })

  it('prints usage for --help', async () => {
    const r = await run(['--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('--runs ID,ID,...')
  })
})
