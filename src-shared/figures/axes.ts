import type { FontSpec, Scale } from 'chart.js'
import type { ThemeColours } from './palette'
import { logTickLabel, thinLogTicks } from './logTicks'

/*
 * Named families first (what the desktop renderer finds), then the fonts a bare Linux has, so the
 * headless exporter (which draws with the system's fonts) picks something close.
 */
export const FONT_FAMILY = '"Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif'

export function font(size: number, weight: FontSpec['weight'] = 'normal'): Partial<FontSpec> {
  return { family: FONT_FAMILY, size: Math.round(size * 10) / 10, weight }
}

/** 0.001 … 10000 as decimals, anything beyond as 1e-7 / 2e+5, never "0.00" or "20.00". */
export function compactNumber(v: number): string {
  const a = Math.abs(v)
  const tidy = Number(v.toPrecision(6))
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return tidy.toExponential().replace('e+', 'e')
  return String(tidy)
}


/** One axis, styled from the theme. */
export function axisScale(type: 'linear' | 'logarithmic', title: string, theme: ThemeColours, fontSize: number) {
  return {
    type,
    title: { display: true, text: title, color: theme.text, font: font(fontSize) },
    ticks: {
      color: theme.text,
      font: font(fontSize * 0.9),
      maxRotation: 0,
      // logTickLabel always labels some ticks (Chart.js's own can label none in a narrow decade),
      // so auto-skip, which could then drop every label of a short chart, is off
      ...(type === 'logarithmic'
        ? { autoSkip: false, callback: (v: number | string, i: number, ticks: { value: number }[]) => logTickLabel(Number(v), i, ticks) }
        : {})
    },
    grid: { color: theme.grid },
    border: { color: theme.border },
    ...(type === 'logarithmic' ? { afterBuildTicks: (axis: Scale) => void (axis.ticks = thinLogTicks(axis.ticks)) } : {})
  }
}
