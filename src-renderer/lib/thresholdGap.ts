const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹'
}

/** 3 → "3", 250 → "250", 3.2e6 → "3.2·10⁶", 1e6 → "10⁶": a factor as a reader says it. */
export function formatFactor(f: number): string {
  if (!Number.isFinite(f)) return '∞'
  if (f < 10) return String(Number(f.toPrecision(2)))
  if (f < 1000) return String(Math.round(f))
  const e = Math.floor(Math.log10(f))
  const m = Number((f / 10 ** e).toPrecision(2))
  const power = `10${String(e)
    .split('')
    .map((c) => SUPERSCRIPT[c])
    .join('')}`
  return m === 1 ? power : `${m}·${power}`
}

/**
 * How far an output's error is from its ε-perfect threshold, in words: "×10⁶ above" for a failed
 * output says more than two numbers in exponent form side by side.
 */
export function thresholdGap(mse: number | null, threshold: number | null): string | null {
  if (mse === null || threshold === null || !(threshold > 0)) return null
  if (Number.isNaN(mse)) return 'diverged (no number)'
  if (mse <= 0) return 'exact (loss 0)'
  const r = mse / threshold
  return r >= 1 ? `×${formatFactor(r)} above` : `×${formatFactor(1 / r)} below`
}
