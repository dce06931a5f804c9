import { describe, expect, it } from 'vitest'
import { Router } from '../../../src-main/ipc/router'
import type { LabContext } from '../../../src-main/ipc/context'
import { setupPresets } from '../../../src-main/features/presets'
import { PRESETS } from '../../../src-main/training/presets'

describe('presets.list', () => {
  it('returns every preset, valid against the contract, the article’s first', async () => {
    const router = new Router({ checkResponses: true })
    setupPresets({ router } as LabContext)
    const res = await router.dispatch('presets.list', {})
    expect(res).toEqual({ ok: true, value: PRESETS })
    if (res.ok) expect((res.value as typeof PRESETS)[0].name).toBe('article')
    expect(await router.dispatch('presets.list', { extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid' } })
  })
})
