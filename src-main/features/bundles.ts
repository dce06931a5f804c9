import { ApiError } from '../../src-shared/api'
import type { LabContext } from '../ipc/context'

function bundleFileName(ids: readonly number[], at = new Date()): string {
  const day = at.toISOString().slice(0, 10)
  return ids.length === 1 ? `nalu-lab-run-${ids[0]}-${day}.json` : `nalu-lab-${ids.length}-runs-${day}.json`
}

/** Portable bundles: selected runs to one JSON file, and such a file into this database. */
export function setupBundles(ctx: LabContext): void {
  const { router, store, events } = ctx

  router.handle('bundles.export', ({ ids }) => {
    const bundle = store.exportBundle(ids)
    return {
      fileName: bundleFileName(ids),
      mime: 'application/json',
      base64: Buffer.from(JSON.stringify(bundle), 'utf8').toString('base64')
    }
  })

  router.handle('bundles.import', ({ content }) => {
    let parsed: unknown
    try {
      parsed = JSON.parse(content)
    } catch (err) {
      throw new ApiError({
        code: 'invalid',
        field: 'content',
        message: `Invalid bundle: content is not JSON (${(err as Error).message})`
      })
    }
    const runIds = store.importBundle(parsed)
    events.emit('runs.changed', { reason: 'imported' })
    return { runIds }
  })
}
