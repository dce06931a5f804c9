import { ApiError } from '@shared/api'
import { MAX_BUNDLE_CHARS } from '@shared/limits'
import type { LabContext } from '../ipc/context'

function bundleFileName(ids: readonly number[], at = new Date()): string {
  const day = at.toISOString().slice(0, 10)
  return ids.length === 1 ? `nalu-lab-run-${ids[0]}-${day}.json` : `nalu-lab-${ids.length}-runs-${day}.json`
}

/** Portable bundles: selected runs to one JSON file, and such a file into this database. */
export function setupBundles(ctx: LabContext): void {
  const { router, store, events } = ctx

  router.handle('bundles.export', ({ ids }) => {
    const text = JSON.stringify(store.exportBundle(ids))
    // a bundle no app could import again is refused here, not discovered later
    if (text.length > MAX_BUNDLE_CHARS) {
      throw new ApiError({
        code: 'invalid',
        field: 'ids',
        message: `These ${ids.length} runs make a ${Math.round(text.length / 1e6)} MB bundle; a bundle may be at most ${MAX_BUNDLE_CHARS / 1e6} MB: export fewer runs at a time.`
      })
    }
    return { fileName: bundleFileName(ids), mime: 'application/json', base64: Buffer.from(text, 'utf8').toString('base64') }
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
