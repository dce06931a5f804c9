import type { FigureOptions } from '../domain'

export type FigureTheme = FigureOptions['theme']

export interface ThemeColours {
  background: string
  text: string
  grid: string
  /** axis lines and tick marks */
  border: string
  /** run colours, in order; a run keeps its index in the list it was plotted with */
  runs: readonly string[]
  /** line width of the main (smoothed or only) line, in CSS pixels */
  lineWidth: number
}

/*
 * Okabe & Ito (2008), the colour-blind-safe set most journals point to. Yellow is left out on
 * white (too little contrast for a thin line) and black on dark; the order puts the most
 * distinct hues first, as most comparisons have two to four runs.
 */
const OKABE_ITO_ON_LIGHT = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000'] as const
// slot for slot the light set's hue where it reads on dark (a model keeps its colour when the theme
// changes): the dark blue becomes sky blue, the sky blue (slot 5) yellow, black white
const OKABE_ITO_ON_DARK = ['#56B4E9', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#F0E442', '#FFFFFF'] as const

export const THEMES: Record<FigureTheme, ThemeColours> = {
  light: {
    background: '#ffffff',
    text: '#1f2328',
    grid: 'rgba(0, 0, 0, 0.08)',
    border: 'rgba(0, 0, 0, 0.35)',
    runs: OKABE_ITO_ON_LIGHT,
    lineWidth: 1.5
  },
  dark: {
    background: '#16181d',
    text: '#e6e8eb',
    grid: 'rgba(255, 255, 255, 0.10)',
    border: 'rgba(255, 255, 255, 0.40)',
    runs: OKABE_ITO_ON_DARK,
    lineWidth: 1.5
  },
  // Print: pure white and black, darker grid so it survives photocopying, slightly heavier lines.
  print: {
    background: '#ffffff',
    text: '#000000',
    grid: 'rgba(0, 0, 0, 0.15)',
    border: '#000000',
    runs: OKABE_ITO_ON_LIGHT,
    lineWidth: 2
  }
}

/** Dash patterns used once the colours run out, so run 8 is not mistaken for run 1. */
const DASHES: readonly (readonly number[])[] = [[], [6, 3], [2, 2], [8, 3, 2, 3]]

export interface RunStyle {
  colour: string
  dash: number[]
}

/** The colour and dash of the i-th plotted run; the same on screen and in every export. */
export function runStyle(index: number, theme: FigureTheme): RunStyle {
  const runs = THEMES[theme].runs
  const i = Math.max(0, Math.floor(index))
  return { colour: runs[i % runs.length], dash: [...DASHES[Math.floor(i / runs.length) % DASHES.length]] }
}

/** `#rrggbb` at an alpha, for the faint raw line behind a smoothed one. */
export function withAlpha(hex: string, alpha: number): string {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex)
  if (!m) return hex
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h, 16))
  return `rgba(${r}, ${g}, ${b}, ${alpha})`
}

/*
 * One colour per model in every view and export, keyed by its label (modelLabel: "nalu",
 * "nau→nmu", "nalu(article)"). The known models get fixed slots so that the models of each preset
 * differ (sign caveat: nalu, nmu, inalu, npu, realnpu; the article: vanilla, nac, nalu(article);
 * the arithmetic task: nau→nau/nmu/npu/realnpu, nac→nac, nalu→nalu); a stack takes the colour of
 * the unit that does the arithmetic. Unknown labels hash to a slot, so they too never change
 * colour between the Live view, Compare and a file.
 */
const MODEL_SLOTS: Readonly<Record<string, readonly [colour: number, dash: number]>> = {
  nalu: [0, 0],
  nmu: [1, 0],
  inalu: [2, 0],
  'inalu(reduced)': [2, 0],
  npu: [3, 0],
  realnpu: [4, 0],
  nac: [5, 0],
  'nac•': [5, 1],
  vanilla: [6, 0],
  'nalu(article)': [0, 1],
  nau: [2, 1],
  linear: [6, 1],
  mlp: [5, 1],
  'nalu→nalu': [0, 0],
  'nau→nmu': [1, 0],
  'nau→npu': [3, 0],
  'nau→realnpu': [4, 0],
  'nac→nac': [5, 0],
  'nau→nau': [2, 1]
}

/** FNV-1a: a small stable hash, the same in every process and session. */
function stableHash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

function modelSlot(model: string): readonly [number, number] {
  const known = MODEL_SLOTS[model]
  if (known) return known
  const h = stableHash(model)
  return [h % OKABE_ITO_ON_LIGHT.length, 0]
}

/** The colour of a model (every seed of it), the same in every view and export of a theme. */
export function modelColor(model: string, theme: FigureTheme = 'light'): string {
  const runs = THEMES[theme].runs
  return runs[modelSlot(model)[0] % runs.length]
}

/**
 * Colour and dash of each model in one figure: the colour is always modelColor; when two models of
 * the figure share a colour the later ones get the next dash patterns, so no two read the same.
 */
export function modelStyles(models: readonly string[], theme: FigureTheme = 'light'): Map<string, RunStyle> {
  const out = new Map<string, RunStyle>()
  const usedDashes = new Map<string, Set<number>>()
  // a fixed order (preferred dash, then label), so the same set gets the same dashes in every view
  const ordered = [...new Set(models)].sort((a, b) => modelSlot(a)[1] - modelSlot(b)[1] || (a < b ? -1 : a > b ? 1 : 0))
  for (const model of ordered) {
    const colour = modelColor(model, theme)
    const used = usedDashes.get(colour) ?? new Set<number>()
    let dash = modelSlot(model)[1] % DASHES.length
    while (used.has(dash) && used.size < DASHES.length) dash = (dash + 1) % DASHES.length
    used.add(dash)
    usedDashes.set(colour, used)
    out.set(model, { colour, dash: [...DASHES[dash]] })
  }
  return out
}
