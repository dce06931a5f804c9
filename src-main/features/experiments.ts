import type { LabContext } from '../ipc/context'
import { runExperiment } from '../services/experiments'

export function setupExperiments(ctx: LabContext): void {
  ctx.router.handle('experiments.run', (spec) => runExperiment(ctx, spec))
}
