import type { LabContext } from '../ipc/context'
import { PRESETS } from '../training/presets'

export function setupPresets(ctx: LabContext): void {
  ctx.router.handle('presets.list', () => PRESETS)
}
