import type { LearnedWeights, ModelSpec } from '../domain'
import { histogram } from './histogram'
import { describeDraw, initDraw, nacPrior, WIDE_DRAW, type Draw } from './prior'

/**
 * The article's figure for one run at one step: the histogram of a unit's learned weights over
 * [−1, 1] beside the NAC prior tanh(Ŵ)·σ(M̂) — for Ŵ, M̂ drawn as this unit starts, and for wide
 * draws that show the construction's pull to −1, 0 and 1. The same description draws the screen's
 * SVG and the exported file.
 */
export interface HistogramFigure {
  title: string
  edges: number[]
  learned: number[]
  /** how many weights the learned histogram counts */
  count: number
  priors: { label: string; fractions: number[] }[]
}

export const HISTOGRAM_BINS = 40

/** Units built on W = tanh(Ŵ)⊙σ(M̂), and how their Ŵ, M̂ start (iNALU has its own start). */
function unitDraw(spec: ModelSpec['units'][number], fanIn: number, fanOut: number): Draw | null {
  if (spec.kind === 'nac' || spec.kind === 'nalu') return initDraw(spec.init, fanIn, fanOut)
  return null
}

export function histogramFigure(
  modelSpec: ModelSpec,
  weights: LearnedWeights,
  unitIndex: number,
  matrixIndex: number,
  stepLabel: string
): HistogramFigure | null {
  const unit = weights.units[unitIndex]
  const m = unit?.matrices[matrixIndex]
  const spec = modelSpec.units[unitIndex]
  if (!unit || !m || !spec) return null
  const h = histogram(m.data, -1, 1, HISTOGRAM_BINS)
  const priors: HistogramFigure['priors'] = []
  const draw = unitDraw(spec, m.cols, m.rows)
  if (draw) priors.push({ label: `prior at initialisation (${describeDraw(draw)})`, fractions: nacPrior(draw, HISTOGRAM_BINS).fractions })
  priors.push({ label: `prior, wide draws (${describeDraw(WIDE_DRAW)})`, fractions: nacPrior(WIDE_DRAW, HISTOGRAM_BINS).fractions })
  return {
    title: `Unit ${unitIndex + 1} (${unit.kind}) ${m.name} at ${stepLabel}`,
    edges: h.edges,
    learned: h.fractions,
    count: h.total,
    priors
  }
}

export function histogramCsv(f: HistogramFigure): string {
  const q = (s: string) => `"${s.replace(/"/g, '""')}"`
  const head = ['bin_lo', 'bin_hi', q(`learned: ${f.title}`), ...f.priors.map((p) => q(p.label))].join(',')
  const rows = f.learned.map((v, i) => [f.edges[i], f.edges[i + 1], v, ...f.priors.map((p) => p.fractions[i])].join(','))
  return [head, ...rows].join('\n') + '\n'
}

export interface SvgColours {
  bg: string
  text: string
  muted: string
  bars: string
  priors: string[]
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** The figure as an SVG document: learned fractions as bars, priors as step lines, √ y scale. */
export function histogramSvg(f: HistogramFigure, c: SvgColours, width = 720, height = 320): string {
  // the legend sits between the title and the plot, one line per series
  const L = 52,
    R = 12,
    T = 36 + 15 * (1 + f.priors.length),
    B = 40
  const w = width - L - R,
    h = height - T - B
  const top = Math.sqrt(Math.max(...f.learned, ...f.priors.flatMap((p) => p.fractions), 1e-9))
  const x = (v: number) => L + ((v + 1) / 2) * w
  const y = (p: number) => T + h - (Math.sqrt(p) / top) * h
  const bars = f.learned
    .map(
      (p, i) =>
        `<rect x="${x(f.edges[i]).toFixed(1)}" y="${y(p).toFixed(1)}" width="${Math.max(0.5, x(f.edges[i + 1]) - x(f.edges[i]) - 1).toFixed(1)}" height="${(T + h - y(p)).toFixed(1)}" fill="${c.bars}"/>`
    )
    .join('')
  const lines = f.priors
    .map((p, k) => {
      const pts = p.fractions
        .flatMap((v, i) => [`${x(f.edges[i]).toFixed(1)},${y(v).toFixed(1)}`, `${x(f.edges[i + 1]).toFixed(1)},${y(v).toFixed(1)}`])
        .join(' ')
      return `<polyline points="${pts}" fill="none" stroke="${c.priors[k % c.priors.length]}" stroke-width="2"${k ? ' stroke-dasharray="5 3"' : ''}/>`
    })
    .join('')
  const ticks = [-1, -0.5, 0, 0.5, 1]
    .map(
      (t) =>
        `<line x1="${x(t)}" x2="${x(t)}" y1="${T + h}" y2="${T + h + 4}" stroke="${c.muted}"/><text x="${x(t)}" y="${T + h + 16}" text-anchor="middle">${t < 0 ? `−${-t}` : t}</text>`
    )
    .join('')
  const yTicks = [0, (top * top) / 4, top * top]
    .map((p) => `<text x="${L - 6}" y="${y(p) + 4}" text-anchor="end">${(100 * p).toFixed(p < 0.1 ? 1 : 0)} %</text>`)
    .join('')
  const legend = [
    { label: `learned (${f.count} weights)`, colour: c.bars, dash: false, bar: true },
    ...f.priors.map((p, k) => ({ label: p.label, colour: c.priors[k % c.priors.length], dash: k > 0, bar: false }))
  ]
    .map((e, k) => {
      const ly = 34 + k * 15
      const mark = e.bar
        ? `<rect x="${L + 8}" y="${ly - 8}" width="14" height="9" fill="${e.colour}"/>`
        : `<line x1="${L + 8}" x2="${L + 22}" y1="${ly - 4}" y2="${ly - 4}" stroke="${e.colour}" stroke-width="2"${e.dash ? ' stroke-dasharray="5 3"' : ''}/>`
      return `${mark}<text x="${L + 27}" y="${ly}">${esc(e.label)}</text>`
    })
    .join('')
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="11" fill="${c.text}">` +
    `<rect width="${width}" height="${height}" fill="${c.bg}"/>` +
    `<text x="${L}" y="16" font-size="13" font-weight="600">${esc(`Weight histogram: ${f.title}`)}</text>` +
    `<line x1="${L}" x2="${L + w}" y1="${T + h}" y2="${T + h}" stroke="${c.muted}"/>` +
    bars +
    lines +
    ticks +
    yTicks +
    legend +
    `<text x="${L + w / 2}" y="${height - 6}" text-anchor="middle">weight value</text>` +
    `<text transform="translate(12 ${T + h / 2}) rotate(-90)" text-anchor="middle">fraction (√ scale)</text>` +
    `</svg>`
  )
}
