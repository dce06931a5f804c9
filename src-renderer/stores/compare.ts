import { defineStore } from 'pinia'
import { markRaw, reactive, ref, shallowRef } from 'vue'
import type { ExperimentSpec, ModelSpec, RunSeries } from '../../src-shared/domain'
import { useApi } from '../api'
import { readableError, type ReadableError } from '../lib/errors'

export interface CompareView {
  logY: boolean
  xAxis: 'epoch' | 'wall'
  /** debiased EMA weight, 0 = raw */
  smoothing: number
}

export interface RunConfig {
  id: number
  seed: number
  model: string
  spec: ExperimentSpec
  modelSpec: ModelSpec
}

/**
 * The runs being compared. 20 runs × 10,000 epochs is 200,000 objects: they stay raw (no deep
 * proxies) and only the array reference is reactive.
 */
export const useCompare = defineStore('compare', () => {
  const ids = ref<number[]>([])
  const series = shallowRef<readonly RunSeries[]>([])
  const view = reactive<CompareView>({ logY: true, xAxis: 'epoch', smoothing: 0 })
  const loading = ref(false)
  const error = ref<ReadableError | null>(null)
  const configs = shallowRef<RunConfig[]>([])
  const configError = ref<ReadableError | null>(null)
  let requestNo = 0

  async function load(wanted: number[]): Promise<void> {
    const mine = ++requestNo
    ids.value = wanted
    error.value = null
    configError.value = null
    configs.value = []
    if (!wanted.length) {
      series.value = []
      return
    }
    loading.value = true
    try {
      const got = await useApi().invoke('runs.series', { ids: wanted })
      if (mine !== requestNo) return
      series.value = markRaw(got.map((s) => markRaw(s)))
    } catch (err) {
      if (mine === requestNo) error.value = readableError(err)
      return
    } finally {
      if (mine === requestNo) loading.value = false
    }
    void loadConfigs(wanted, mine)
  }

  /** The config table needs each run's spec; fetched after the charts so they are not held up. */
  async function loadConfigs(wanted: number[], mine: number): Promise<void> {
    const out: RunConfig[] = []
    try {
      for (const id of wanted) {
        const d = await useApi().invoke('runs.get', { id, series: false })
        if (mine !== requestNo) return
        out.push({ id: d.id, seed: d.seed, model: d.model, spec: d.spec, modelSpec: d.modelSpec })
      }
      configs.value = markRaw(out)
    } catch (err) {
      if (mine === requestNo) configError.value = readableError(err)
    }
  }

  return { ids, series, view, loading, error, configs, configError, load }
})
