import type { FontSpec } from 'chart.js'
import type { ThemeColours } from './palette'

/*
 * Named families first (what the desktop renderer finds), then the fonts a bare Linux has, so the
 * headless exporter (which draws with the system's fonts) picks something close.
 */
export const FONT_FAMILY = '"Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif'

export function font(size: number, weight: FontSpec['weight'] = 'normal'): Partial<FontSpec> {
  return { family: FONT_FAMILY, size: Math.round(size * 10) / 10, weight }
}

/** One axis, styled from the theme. */
export function axisScale(type: 'linear' | 'logarithmic', title: string, theme: ThemeColours, fontSize: number) {
  return {
    type,
    title: { display: true, text: title, color: theme.text, font: font(fontSize) },
    ticks: { color: theme.text, font: font(fontSize * 0.9), maxRotation: 0 },
    grid: { color: theme.grid },
    border: { color: theme.border }
  } as const
}
