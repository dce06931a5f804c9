/**
 * Runs `work` and counts the turns of the event loop's check phase meanwhile (a setImmediate chain
 * started before it): how the store's long reads are shown to let everyone else's requests in.
 */
export async function turnsDuring<T>(work: () => Promise<T>): Promise<{ value: T; turns: number }> {
  let turns = 0
  let running = true
  const tick = (): void => {
    turns++
    if (running) setImmediate(tick)
  }
  setImmediate(tick)
  const value = await work()
  running = false
  return { value, turns }
}
