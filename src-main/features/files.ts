import { ApiError } from '../../src-shared/api'
import type { LabContext } from '../ipc/context'

/** files.save exists only where there is an OS dialog; browser mode downloads in the page instead. */
export function setupFiles(ctx: LabContext): void {
  ctx.router.handle('files.save', async (file) => {
    if (!ctx.saveFile) {
      throw new ApiError({ code: 'unavailable', message: 'Saving through a dialog is only available in the desktop app.' })
    }
    return { path: await ctx.saveFile(file) }
  })
}
