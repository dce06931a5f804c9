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
const OKABE_ITO_ON_DARK = ['#56B4E9', '#E69F00', '#009E73', '#CC79A7', '#F0E442', '#D55E00', '#FFFFFF'] as const

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
