/**
 * Debiased exponential moving average, as TensorBoard draws it:
 *   ema_t = α·ema_{t−1} + (1−α)·x_t,  shown as ema_t / (1 − α^n)
 * where n counts the finite values seen so far. Without the debias term the curve would start
 * pulled towards 0, which on a log axis looks like a spurious early dip.
 *
 * It runs over the full-resolution series, before any down-sampling, so the on-screen line, the
 * exported figure and the exported data agree. A non-finite value (a diverged epoch) is passed
 * through unchanged and does not enter the average: one NaN must not poison every later point.
 */
export function debiasedEma(values: readonly number[], weight: number): number[] {
  if (!(weight >= 0 && weight < 1)) throw new RangeError(`smoothing weight must be in [0, 1), got ${weight}`)
  const out = new Array<number>(values.length)
  if (weight === 0) {
    for (let i = 0; i < values.length; i++) out[i] = values[i]
    return out
  }
  let ema = 0
  let n = 0
  for (let i = 0; i < values.length; i++) {
    const x = values[i]
    if (!Number.isFinite(x)) {
      out[i] = x
      continue
    }
    ema = weight * ema + (1 - weight) * x
    n++
    out[i] = ema / (1 - weight ** n)
  }
  return out
}
