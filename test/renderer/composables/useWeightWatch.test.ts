import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick, ref } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { setApi } from '../../../src-renderer/api'
import { useWeightWatch, WATCH_LEASE_MS } from '../../../src-renderer/composables/useWeightWatch'
import { FakeLab } from '../support/fakeApi'

let api: FakeLab
beforeEach(() => {
  vi.useFakeTimers()
  api = new FakeLab()
  setApi(api)
})
afterEach(() => vi.useRealTimers())

function watcher(runId: ReturnType<typeof ref<number | null>>) {
  return mount(
    defineComponent({
      setup() {
        useWeightWatch(runId as never)
        return () => h('div')
      }
    })
  )
}

describe('useWeightWatch (live weight maps only while a view shows them)', () => {
  it('asks for a run’s live snapshots, renews the lease before it runs out, and ends it when the run changes or the view goes', async () => {
    const runId = ref<number | null>(3)
    const view = watcher(runId)
    await flushPromises()
    expect(api.callsOf('jobs.watchWeights')).toEqual([{ runId: 3, ms: WATCH_LEASE_MS }])
    await vi.advanceTimersByTimeAsync(WATCH_LEASE_MS)
    // renewed at half the lease: twice in one lease
    expect(api.callsOf('jobs.watchWeights')).toHaveLength(3)
    runId.value = 4
    await nextTick()
    await flushPromises()
    expect(api.callsOf('jobs.watchWeights').slice(3)).toEqual([
      { runId: 3, ms: 0 },
      { runId: 4, ms: WATCH_LEASE_MS }
    ])
    view.unmount()
    await flushPromises()
    expect(api.callsOf('jobs.watchWeights').at(-1)).toEqual({ runId: 4, ms: 0 })
    // nothing more once gone
    const n = api.callsOf('jobs.watchWeights').length
    await vi.advanceTimersByTimeAsync(3 * WATCH_LEASE_MS)
    expect(api.callsOf('jobs.watchWeights')).toHaveLength(n)
  })

  it('asks nothing while no run is shown', async () => {
    const runId = ref<number | null>(null)
    watcher(runId)
    await vi.advanceTimersByTimeAsync(3 * WATCH_LEASE_MS)
    expect(api.callsOf('jobs.watchWeights')).toEqual([])
  })
})
