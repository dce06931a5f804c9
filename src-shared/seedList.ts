/** The most seeds one experiment may name (ExperimentSpec.seeds). */
export const MAX_SEEDS = 1000
const MAX_SEED = 2 ** 31 - 1

/**
 * Seeds as people write them: single seeds and inclusive ranges, comma-separated ("0-99",
 * "1,5,7", "0-4, 10"). Each seed once, in the order given. Ranges are sized before they are
 * expanded, so "0-2000000000" is refused at once rather than built. The CLI's --seeds and the
 * study page's "Add seeds" read the same syntax.
 */
export function parseSeedList(text: string): { seeds: number[] } | { error: string } {
  const parts = text.split(',').map((p) => p.trim())
  if (parts.some((p) => p === '')) return { error: 'must list seeds or ranges separated by commas' }
  const out = new Set<number>()
  for (const part of parts) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part)
    if (!m) return { error: `has "${part}", which is neither a seed nor a range like 0-99` }
    const from = Number(m[1])
    const to = m[2] === undefined ? from : Number(m[2])
    if (to > MAX_SEED) return { error: `seeds must be at most ${MAX_SEED}` }
    if (to < from) return { error: `range ${part} runs backwards` }
    if (to - from + 1 > MAX_SEEDS) return { error: `names more than ${MAX_SEEDS} seeds` }
    for (let s = from; s <= to; s++) out.add(s)
    if (out.size > MAX_SEEDS) return { error: `names more than ${MAX_SEEDS} seeds` }
  }
  return { seeds: [...out] }
}

/** "0-9, 20, 22-23": a seed list as short as it reads. */
export function seedRanges(seeds: readonly number[]): string {
  const sorted = [...new Set(seeds)].sort((a, b) => a - b)
  const parts: string[] = []
  for (let i = 0; i < sorted.length;) {
    let j = i
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]))
    i = j + 1
  }
  return parts.join(', ')
}
