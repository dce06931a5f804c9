/**
 * Tick labels for a logarithmic y axis. Chart.js labels only ticks whose significand is 1, 2, 3
 * or 5, so a loss that stays within one decade (extrapolation MSE between 1.33e5 and 1.39e5, say)
 * gets no y label at all. Here: when at least three ticks are round (1, 2, 5 × 10ⁿ) only those
 * are labelled; otherwise about five evenly spread ticks are, first and last included.
 */

const ROUND = [1, 2, 5]

function significand(v: number): number {
  return v / 10 ** Math.floor(Math.log10(v) + 1e-9)
}

function isRound(v: number): boolean {
  const s = significand(v)
  return ROUND.some((n) => Math.abs(s - n) < 1e-6)
}

/** Up to four significant digits; exponent form outside [0.001, 10000): "1.334e5", "250", "0.0024". */
export function formatLogTick(v: number): string {
  const rounded = Number(v.toPrecision(4))
  const a = Math.abs(rounded)
  if (a !== 0 && (a >= 1e4 || a < 1e-3)) return rounded.toExponential().replace('e+', 'e')
  return String(rounded)
}

/**
 * Which ticks get a label when too few are round: about five spread evenly (first and last kept),
 * skipping one that sits closer than a tenth of the axis to the previous label. Chart.js adds the
 * axis minimum as an irregular first tick, which would otherwise print on top of the next one.
 */
export function spreadLabelled(values: readonly number[]): Set<number> {
  const logs = values.map((v) => Math.log10(v))
  const gap = (logs[logs.length - 1] - logs[0]) / 10
  const step = Math.max(1, Math.ceil((values.length - 1) / 4))
  const kept: number[] = []
  for (let i = 0; i < values.length; i++) {
    const last = i === values.length - 1
    if (i % step !== 0 && !last) continue
    const prev = kept[kept.length - 1]
    if (prev !== undefined && logs[i] - logs[prev] < gap) {
      // the top label wins over its neighbour: it shows where the axis ends
      if (!last || kept.length === 1) continue
      kept.pop()
    }
    kept.push(i)
  }
  return new Set(kept)
}

export function logTickLabel(value: number, index: number, ticks: readonly { value: number }[]): string {
  if (!(value > 0)) return ''
  const positive = ticks.every((t) => t.value > 0)
  const round = ticks.filter((t) => t.value > 0 && isRound(t.value)).length
  if (round >= 3 || !positive) return isRound(value) ? formatLogTick(value) : ''
  return spreadLabelled(ticks.map((t) => t.value)).has(index) ? formatLogTick(value) : ''
}

function isPowerOfTen(v: number): boolean {
  return Math.abs(significand(v) - 1) < 1e-6
}

/**
 * Chart.js puts a tick (and a grid line) at every 1…9 × 10ⁿ of a log axis; over many decades (a
 * diverging run, twenty runs from 1e-12 to 1e4) that is a solid block of grid and a column of
 * overlapping labels. Past `maxDecades` only whole decades stay, every k-th one, so that at most
 * about `maxTicks` remain.
 */
export function thinLogTicks<T extends { value: number }>(ticks: T[], maxDecades = 4, maxTicks = 8): T[] {
  const positive = ticks.filter((t) => t.value > 0)
  if (positive.length < 2) return ticks
  const decades = Math.log10(positive[positive.length - 1].value) - Math.log10(positive[0].value)
  if (decades <= maxDecades) return ticks
  const powers = positive.filter((t) => isPowerOfTen(t.value))
  const step = Math.max(1, Math.ceil(powers.length / maxTicks))
  return powers.filter((t) => Math.round(Math.log10(t.value)) % step === 0)
}
