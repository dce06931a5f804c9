import { performance } from 'node:perf_hooks'

export interface Stats {
  median: number
  p95: number
  p99: number
  max: number
  n: number
}

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b)
  const at = (p: number): number => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]
  return { median: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1], n: s.length }
}

/** Milliseconds of each call. */
export function timeEach<T>(items: readonly T[], fn: (item: T) => unknown): number[] {
  return items.map((item) => {
    const t = performance.now()
    fn(item)
    return performance.now() - t
  })
}

export const ms = (v: number): string => (v < 1 ? `${(v * 1000).toFixed(0)} µs` : `${v.toFixed(2)} ms`)

/** One result line: the value, its target and how far under (ratio < 1) or over it is. */
export function report(label: string, value: number, target: number, reference?: { label: string; value: number }): string {
  const verdict = value <= target ? 'meets' : 'MISSES'
  let line = `${label.padEnd(44)} ${ms(value).padStart(10)}   target ${ms(target).padStart(8)}   ratio ${(value / target).toFixed(3)} (${verdict})`
  if (reference)
    line += `\n${''.padEnd(46)}reference (${reference.label}): ${ms(reference.value)}, ${(reference.value / value).toFixed(1)}× slower`
  return line
}
