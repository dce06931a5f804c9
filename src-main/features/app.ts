import type { LabContext } from '../ipc/context'

export function setupApp(ctx: LabContext): void {
  ctx.router.handle('app.info', () => ctx.info)
}
