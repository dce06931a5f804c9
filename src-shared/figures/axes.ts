import type { FontSpec, Scale } from 'chart.js'
import type { ThemeColours } from './palette'
import { logTickLabel, niceLogTicks, ticksThatFit } from './logTicks'

/*
 * Arimo first: the exporter registers it from an npm package (src-main/export/font.ts), so figures
 * have the same text on every machine. Screens rarely have it and go on to the same metrics under
 * other names, then to the fonts a bare Linux has.
 */
export const FONT_FAMILY = 'Arimo, "Helvetica Neue", Helvetica, Arial, "Liberation Sans", "DejaVu Sans", sans-serif'

export function font(size: number, weight: FontSpec['weight'] = 'normal'): Partial<FontSpec> {
  return { family: FONT_FAMILY, size: Math.round(size * 100) / 100, weight }
}

/** 0.001 … 10000 as decimals, anything beyond as 1e-7 / 2e+5, never "0.00" or "20.00". */
export function compactNumber(v: number): string {
  const a = Math.abs(v)
  const tidy = Number(v.toPrecision(6))
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return tidy.toExponential().replace('e+', 'e')
  return String(tidy)
}

/** each log axis's data range, as Chart.js found it before making its own ticks */
const dataLimits = new WeakMap<Scale, { min: number; max: number }>()

/**
 * One axis, styled from the theme. The x axis ends where the data ends (not at the next round
 * tick: 1,500 epochs stop at 1,500, not 1,600); a log axis gets the ticks of niceLogTicks, as
 * many as its height holds, every one labelled.
 */
export function axisScale(
  type: 'linear' | 'logarithmic',
  title: string,
  theme: ThemeColours,
  fontSize: number,
  role: 'x' | 'y' = 'y',
  range?: { min: number; max: number }
) {
  const tickFont = fontSize * 0.9
  return {
    type,
    // given ends (the data's) rather than bounds: 'data', which starts the ticks at the first epoch
    // (1, 11, 21, …): Chart.js then labels the ends and round values between (1, 10, 20, …, 60)
    ...(range ? { min: range.min, max: range.max } : {}),
    title: { display: true, text: title, color: theme.text, font: font(fontSize) },
    ticks: {
      color: theme.text,
      font: font(tickFont),
      maxRotation: 0,
      // every tick niceLogTicks keeps is labelled; auto-skip could otherwise drop them all
      ...(type === 'logarithmic'
        ? { autoSkip: false, callback: (v: number | string, _i: number, ticks: { value: number }[]) => logTickLabel(Number(v), ticks) }
        : {})
    },
    grid: { color: theme.grid },
    border: { color: theme.border },
    ...(type === 'logarithmic'
      ? {
          afterDataLimits: (axis: Scale) => {
            dataLimits.set(axis, { min: axis.min, max: axis.max })
          },
          afterBuildTicks: (axis: Scale) => {
            // Chart.js's own log ticks (replaced below) set the axis ends; over ~270 decades its
            // rounding makes the low end 0, and the whole chart disappears: keep a decade bound
            const data = dataLimits.get(axis)
            if (data && !(axis.min > 0) && data.min > 0) axis.min = 10 ** Math.floor(Math.log10(data.min))
            if (data && !(axis.max > axis.min) && data.max > 0) axis.max = 10 ** Math.ceil(Math.log10(data.max))
            const length = role === 'x' ? axis.width : axis.height
            const fit = ticksThatFit(length, role === 'x' ? tickFont * 3 : tickFont)
            axis.ticks = niceLogTicks(axis.min, axis.max, fit).map((value) => ({ value }))
          }
        }
      : {})
  }
}
