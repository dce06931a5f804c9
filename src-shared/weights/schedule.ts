/**
 * Which weight snapshots a run keeps. Early training moves the weights most, so the stored steps
 * are spaced logarithmically from the initialisation (step 0) to the last step, which is always
 * kept: a 250-epoch article run and a 5·10⁶-iteration paper run both fit SNAPSHOT_BUDGET.
 */
export const SNAPSHOT_BUDGET = 64

/** Live weight maps go out at most this often per run: about four a second, what the eye follows. */
export const LIVE_SNAPSHOT_MS = 250

/**
 * The steps (epochs, or iterations) to store for a run whose last step is `last`: 0, `last`, and
 * log-spaced steps between, at most `budget` in all, ascending and distinct.
 */
export function snapshotSteps(last: number, budget = SNAPSHOT_BUDGET): number[] {
  if (!Number.isInteger(last) || last < 0) throw new Error(`snapshot schedule: the last step must be a whole number ≥ 0, got ${last}`)
  if (!Number.isInteger(budget) || budget < 2) throw new Error(`snapshot schedule: the budget must be at least 2 snapshots, got ${budget}`)
  if (last + 1 <= budget) return Array.from({ length: last + 1 }, (_, i) => i)
  // n points of a geometric sequence 1 … last; rounding merges the first ones, so n grows while
  // the distinct steps still fit the budget
  const build = (n: number): number[] => {
    const steps = new Set<number>([0, last])
    for (let k = 0; k < n; k++) steps.add(Math.round(Math.pow(last, k / (n - 1))))
    return [...steps].sort((a, b) => a - b)
  }
  let best = build(budget - 1)
  for (let n = budget; n <= 4 * budget; n++) {
    const next = build(n)
    if (next.length > budget) break
    best = next
  }
  return best
}

/** A membership test for the trainer's hot loop: the next stored step is a pointer, not a lookup. */
export class SnapshotPlan {
  private next = 0
  constructor(readonly steps: readonly number[]) {}
  /** true once for each planned step, asked in increasing step order */
  due(step: number): boolean {
    while (this.next < this.steps.length && this.steps[this.next] < step) this.next++
    if (this.next < this.steps.length && this.steps[this.next] === step) {
      this.next++
      return true
    }
    return false
  }
}
