import { describe, expect, it, vi } from 'vitest'
import type { Result } from '@shared/api'
import type { FilePayload } from '@shared/contract'
import { openStore } from '../../../src-main/store'
import { ENV, epochs, runsOf, spec } from '../store/fixtures'
import { strictContext } from '../../helpers/strictContext'

// the real cap is 200 MB; a small one shows the same behaviour in milliseconds
vi.mock('@shared/limits', () => ({ MAX_BUNDLE_CHARS: 20_000, MAX_MESSAGE_BYTES: 41_000 }))
const { setupBundles } = await import('../../../src-main/features/bundles')

describe('bundle size cap', () => {
  it('refuses to export a bundle no app could import again, and imports one just below the cap', async () => {
    const store = openStore(':memory:')
    const { ctx } = strictContext(store)
    setupBundles(ctx)
    const s = spec({ name: 'Big', seeds: [1, 2, 3, 4, 5, 6] })
    const ids = store.createExperiment(s, runsOf(s)).runIds
    for (const id of ids) {
      store.markRunning(id, ENV)
      store.appendEpochs(id, epochs(1, 20, id))
    }
    const all = (await ctx.router.dispatch('bundles.export', { ids })) as Result<FilePayload>
    expect(all).toMatchObject({ ok: false, error: { code: 'invalid', field: 'ids' } })
    if (all.ok) return
    expect(all.error.message).toMatch(
      /^These \d+ runs make a 0 MB bundle; a bundle may be at most 0\.02 MB: export fewer runs at a time\.$/
    )

    const one = (await ctx.router.dispatch('bundles.export', { ids: [ids[0]] })) as Result<FilePayload>
    if (!one.ok) throw new Error(one.error.message)
    const content = Buffer.from(one.value.base64, 'base64').toString('utf8')
    expect(content.length).toBeLessThanOrEqual(20_000)
    const over = await ctx.router.dispatch('bundles.import', { content: content + ' '.repeat(20_001 - content.length) })
    expect(over).toMatchObject({ ok: false, error: { code: 'invalid', field: 'content' } })
    store.close()
  })
})
