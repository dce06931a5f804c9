import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { ExperimentSpec, Optimizer, Preset, ProblemSpec, RunDetail, UnitKind } from '@shared/domain'
import { clone, defaultModel, defaultOptimizer, defaultProblem, defaultUnit, initialSpec } from '../lib/specDefaults'

/**
 * The New experiment form's draft. A store, not view state, so it survives navigating away and so
 * that Clone and edit (in Run detail) can fill it before opening the form.
 */
export const useDraft = defineStore('draft', () => {
  const spec = ref<ExperimentSpec | null>(null)
  /** what the draft started from, shown above the form */
  const origin = ref('')

  function ensure(presets: readonly Preset[]): ExperimentSpec {
    if (!spec.value) {
      spec.value = initialSpec(presets)
      origin.value = presets.length ? `preset “${presets[0].title}”` : 'defaults'
    }
    return spec.value
  }

  function fromPreset(p: Preset): void {
    spec.value = clone(p.spec)
    origin.value = `preset “${p.title}”`
  }

  /** The run's experiment with only this run's model and seed, ready to change and run again. */
  function fromRun(run: RunDetail): void {
    spec.value = {
      ...clone(run.spec),
      name: `${run.spec.name} (clone of run ${run.id})`,
      models: [clone(run.modelSpec)],
      seeds: [run.seed]
    }
    origin.value = `run ${run.id} (${run.model}, seed ${run.seed})`
  }

  function setProblemKind(kind: ProblemSpec['kind'], presets: readonly Preset[]): void {
    if (spec.value && spec.value.problem.kind !== kind) spec.value.problem = defaultProblem(kind, presets)
  }

  function addModel(kind: UnitKind): void {
    spec.value?.models.push(defaultModel(kind))
  }

  function removeModel(index: number): void {
    spec.value?.models.splice(index, 1)
  }

  function setUnitKind(modelIndex: number, unitIndex: number, kind: UnitKind): void {
    const m = spec.value?.models[modelIndex]
    if (m && m.units[unitIndex]) m.units[unitIndex] = defaultUnit(kind)
  }

  /** Stack a second unit (e.g. NAU → NMU, as Madsen & Johansen's task uses). */
  function addSecondUnit(modelIndex: number, kind: UnitKind = 'nmu'): void {
    const m = spec.value?.models[modelIndex]
    if (m && m.units.length === 1) m.units.push(defaultUnit(kind))
  }

  function removeSecondUnit(modelIndex: number): void {
    const m = spec.value?.models[modelIndex]
    if (m && m.units.length === 2) m.units.splice(1, 1)
  }

  function setOptimizer(kind: Optimizer['kind']): void {
    const t = spec.value?.training
    if (t && t.optimizer.kind !== kind) t.optimizer = defaultOptimizer(kind, t.optimizer.lr)
  }

  return {
    spec,
    origin,
    ensure,
    fromPreset,
    fromRun,
    setProblemKind,
    addModel,
    removeModel,
    setUnitKind,
    addSecondUnit,
    removeSecondUnit,
    setOptimizer
  }
})
