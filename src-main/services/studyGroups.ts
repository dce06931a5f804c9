import type { ExperimentSpec, Op } from '@shared/domain'
import { modelLabel } from '@shared/domain'
import type { Study, StudyRun } from '../store'

/** One model of a study, with its runs. */
export interface ModelGroup {
  key: string
  /** the label shown: the model's, suffixed " #2"… when two models of the study share one */
  model: string
  op: Op | null
  runs: StudyRun[]
}

export function opOf(spec: ExperimentSpec): Op | null {
  return spec.problem.kind === 'arithmetic' ? spec.problem.op : null
}

/**
 * The key of a model within a study: its label, or its label and spec when two models of the study
 * share a label (e.g. two NAUs with different regularisers). Labels are what the runs table
 * indexes and every view shows; the spec is only consulted where the label is ambiguous, so a
 * schema that later gains a default field does not split one model's seeds into two groups.
 */
export function groupKeyOf(spec: ExperimentSpec): (label: string, modelSpecJson: string) => string {
  const labels = spec.models.map(modelLabel)
  const ambiguous = new Set(labels.filter((l, i) => labels.indexOf(l) !== i))
  return (label, json) => (ambiguous.has(label) ? `${label}#${json}` : label)
}

/** The study's runs by model, in the order of the spec's models (then any model the spec lacks). */
export function modelGroups(study: Study): ModelGroup[] {
  const keyOf = groupKeyOf(study.spec)
  const op = opOf(study.spec)
  const groups = new Map<string, ModelGroup>()
  const add = (key: string, label: string): ModelGroup => {
    let g = groups.get(key)
    if (!g) {
      const same = [...groups.values()].filter((x) => x.model === label || x.model.startsWith(`${label} #`)).length
      g = { key, model: same ? `${label} #${same + 1}` : label, op, runs: [] }
      groups.set(key, g)
    }
    return g
  }
  for (const m of study.spec.models) add(keyOf(modelLabel(m), JSON.stringify(m)), modelLabel(m))
  for (const r of study.runs) add(keyOf(r.model, r.modelSpec), r.model).runs.push(r)
  return [...groups.values()]
}
