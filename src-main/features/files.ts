import { ApiError } from '@shared/api'
import type { LabContext } from '../ipc/context'

/** The OS save dialog, or the refusal where there is none (browser mode downloads in the page instead). */
export function saveDialog(ctx: LabContext): NonNullable<LabContext['saveFile']> {
  if (!ctx.saveFile) {
    throw new ApiError({ code: 'unavailable', message: 'Saving through a dialog is only available in the desktop app.' })
  }
  return ctx.saveFile
}

/** files.save: a file the renderer holds (a bundle) through the save dialog. */
export function setupFiles(ctx: LabContext): void {
  ctx.router.handle('files.save', async (file) => ({
    path: await saveDialog(ctx)({ fileName: file.fileName, mime: file.mime, bytes: Buffer.from(file.base64, 'base64') })
  }))
}
