/**
 * Ticks of a logarithmic y axis, chosen here rather than by Chart.js (which puts a tick at every
 * 1…9 × 10ⁿ and labels only some, so a loss within one decade got labels like 1.5e5 / 1.39e5 and
 * twenty decades a column of overlapping ones). In order of preference:
 *   1, 2, 5 × 10ⁿ inside the range, when at least two fit and not too many;
 *   whole decades, every k-th, when the range spans more;
 *   evenly spaced round values (a 1, 2 or 5 × 10ᵏ step) when the range is narrower than 1-2-5 allows.
 * `maxTicks` comes from the axis height and the font, so labels never overlap.
 */

const ROUND = [1, 2, 5] as const

function significand(v: number): number {
  return v / 10 ** Math.floor(Math.log10(v) + 1e-9)
}

/** Up to four significant digits; exponent form outside [0.001, 10000): "1.334e5", "250", "0.0024". */
export function formatLogTick(v: number, digits = 4): string {
  const rounded = Number(v.toPrecision(digits))
  const a = Math.abs(rounded)
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return rounded.toExponential().replace('e+', 'e')
  return String(rounded)
}

const within = (v: number, min: number, max: number) => v >= min * (1 - 1e-9) && v <= max * (1 + 1e-9)

function oneTwoFive(min: number, max: number): number[] {
  const out: number[] = []
  for (let e = Math.floor(Math.log10(min)) - 1; e <= Math.ceil(Math.log10(max)); e++) {
    for (const m of ROUND) {
      const v = Number(`${m}e${e}`)
      if (within(v, min, max)) out.push(v)
    }
  }
  return out
}

function decades(min: number, max: number, maxTicks: number): number[] {
  const lo = Math.ceil(Math.log10(min) - 1e-9)
  const hi = Math.floor(Math.log10(max) + 1e-9)
  const count = hi - lo + 1
  const step = [1, 2, 3, 4, 5, 10, 20, 25, 50, 100].find((k) => Math.ceil(count / k) <= maxTicks) ?? Math.ceil(count / maxTicks)
  const out: number[] = []
  for (let e = Math.ceil(lo / step) * step; e <= hi; e += step) out.push(Number(`1e${e}`))
  return out
}

function evenlySpaced(min: number, max: number, maxTicks: number): number[] {
  const span = max - min
  let best: number[] = [min, max]
  for (let e = Math.ceil(Math.log10(span)); e > Math.log10(span) - 6; e--) {
    for (const m of [5, 2, 1]) {
      const step = m * 10 ** e
      const first = Math.ceil(min / step - 1e-9)
      const last = Math.floor(max / step + 1e-9)
      if (last - first + 1 > maxTicks) return best
      best = []
      for (let k = first; k <= last; k++) best.push(Number((k * step).toPrecision(12)))
      if (best.length >= Math.min(3, maxTicks)) return best
    }
  }
  return best
}

/** The tick values of a log axis from min to max (both > 0), at most maxTicks of them. */
export function niceLogTicks(min: number, max: number, maxTicks = 8): number[] {
  if (!(min > 0) || !(max > 0)) return []
  if (max <= min) return [min]
  const n = Math.max(2, Math.floor(maxTicks))
  const round = oneTwoFive(min, max)
  if (round.length >= 2 && round.length <= n) return round
  const whole = decades(min, max, n)
  if (whole.length >= 2) return whole
  return evenlySpaced(min, max, n)
}

/**
 * A tick's label: four significant digits for 1-2-5 and decade ticks; for evenly spaced ones as
 * many as it takes to tell neighbours apart (1.334e5 and 1.336e5, not two "1.33e5").
 */
export function logTickLabel(value: number, ticks: readonly { value: number }[]): string {
  if (!(value > 0)) return ''
  const values = ticks.map((t) => t.value).filter((v) => v > 0)
  if (values.every((v) => ROUND.some((m) => Math.abs(significand(v) - m) < 1e-6))) return formatLogTick(value)
  let step = Infinity
  for (let i = 1; i < values.length; i++) step = Math.min(step, Math.abs(values[i] - values[i - 1]))
  if (!Number.isFinite(step) || step <= 0) return formatLogTick(value)
  const digits = Math.floor(Math.log10(Math.abs(value)) + 1e-9) - Math.floor(Math.log10(step) + 1e-9) + 1
  return formatLogTick(value, Math.min(12, Math.max(1, digits, 2)))
}

/** How many labels fit on an axis of `lengthPx` with labels of `fontPx`, with a line of space between. */
export function ticksThatFit(lengthPx: number, fontPx: number, cap = 8): number {
  if (!(lengthPx > 0)) return cap
  return Math.max(2, Math.min(cap, Math.floor(lengthPx / (fontPx * 2.2))))
}
