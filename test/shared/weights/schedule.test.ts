import { describe, expect, it } from 'vitest'
import { SNAPSHOT_BUDGET, SnapshotPlan, snapshotSteps } from '@shared/weights'

describe('snapshotSteps', () => {
  it('keeps a 250-epoch article run and a 5e6-iteration paper run within the budget, first and last included', () => {
    for (const last of [250, 5_000_000]) {
      const s = snapshotSteps(last)
      expect(s.length).toBeLessThanOrEqual(SNAPSHOT_BUDGET)
      expect(s[0]).toBe(0)
      expect(s.at(-1)).toBe(last)
      expect(new Set(s).size).toBe(s.length)
      for (let k = 1; k < s.length; k++) expect(s[k]).toBeGreaterThan(s[k - 1])
    }
    // the paper run uses the whole budget; its gaps grow geometrically (log spacing)
    const paper = snapshotSteps(5_000_000)
    expect(paper).toHaveLength(SNAPSHOT_BUDGET)
    const late = paper[paper.length - 1] / paper[paper.length - 2]
    expect(late).toBeGreaterThan(1.2)
    expect(late).toBeLessThan(1.4)
  })

  it('keeps every step of a short run and spaces a long one logarithmically', () => {
    expect(snapshotSteps(5)).toEqual([0, 1, 2, 3, 4, 5])
    const s = snapshotSteps(250)
    expect(s.slice(0, 6)).toEqual([0, 1, 2, 3, 4, 5])
    // the whole budget, the second half of the run holding fewer snapshots than its first tenth
    expect(s).toHaveLength(SNAPSHOT_BUDGET)
    expect(s.filter((x) => x > 125).length).toBeLessThan(s.filter((x) => x <= 25).length)
    expect(snapshotSteps(0)).toEqual([0])
  })

  it('refuses an impossible schedule with a clear message', () => {
    expect(() => snapshotSteps(-1)).toThrow(/whole number ≥ 0/)
    expect(() => snapshotSteps(10, 1)).toThrow(/at least 2/)
  })

  it('plans each step once, asked in increasing order', () => {
    const plan = new SnapshotPlan([0, 3, 10])
    const due = Array.from({ length: 12 }, (_, i) => i).filter((i) => plan.due(i))
    expect(due).toEqual([0, 3, 10])
    // iterations evaluated sparsely still hit a planned step only when reached exactly
    const sparse = new SnapshotPlan([0, 3, 10])
    expect([0, 5, 10].filter((i) => sparse.due(i))).toEqual([0, 10])
  })
})
