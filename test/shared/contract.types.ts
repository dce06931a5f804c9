// Type-level checks of the contract, compiled by `npm run typecheck` (not run): every line marked
// below with the expect-error directive must stay an error, so a drifting channel or payload fails the build.
import type { LabApi } from '@shared/api'

export async function drift(api: LabApi): Promise<void> {
  // @ts-expect-error an id is a number
  await api.invoke('runs.get', { id: '7' })
  // @ts-expect-error no such channel
  await api.invoke('runs.drop', {})
  // @ts-expect-error jobs.cancel takes runId, not id
  await api.invoke('jobs.cancel', { id: 1 })
  const run = await api.invoke('runs.get', { id: 7 })
  // @ts-expect-error a run's status is one of the RunStatus values
  const s: 'done' = run.status
  void s
  api.on('jobs.progress', (p) => {
    // @ts-expect-error progress carries newEpochs, not epochsList
    void p.epochsList
  })
}
