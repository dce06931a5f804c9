import { modelLabel, ModelSpec, UNIT_KINDS, UnitSpec } from '@shared/domain'
import { UsageError } from './args'

const HELP = `units: ${UNIT_KINDS.join(', ')}; nalu:article for the article's NALU; two units joined by '>' stack (e.g. nau>nmu)`

/** One unit token: `kind`, `kind:variant` or `kind(variant)` (the latter as modelLabel prints it). */
function unitOf(token: string, whole: string): UnitSpec {
  const m = /^([a-z]+)(?::([a-z]+)|\(([a-z]+)\))?$/.exec(token.trim())
  const kind = m?.[1]
  if (!m || !(UNIT_KINDS as readonly string[]).includes(kind as string)) throw new UsageError(`run: unknown model "${whole}" (${HELP})`)
  const variant = m[2] ?? m[3]
  const parsed = UnitSpec.safeParse(variant === undefined ? { kind } : { kind, variant })
  if (!parsed.success) throw new UsageError(`run: unknown model "${whole}": ${kind} has no variant "${variant}"`)
  return parsed.data
}

/** The model of `models` that `name` names: by its label (or `a>b`, `kind:variant`), or, for a two-layer model, by its last unit. */
function named(models: readonly ModelSpec[], name: string): ModelSpec | undefined {
  const own = models.find(
    (m) =>
      modelLabel(m) === name ||
      modelLabel(m)
        .replace(/\((\w+)\)/, ':$1')
        .replace('→', '>') === name
  )
  if (own) return own
  // the paper names a two-layer model by its arithmetic unit: "nau" is NAU → NAU, "nmu" NAU → NMU
  const byLast = models.filter((m) => m.units.length === 2 && modelLabel(m).split('→')[1] === name)
  return byLast.length === 1 ? byLast[0] : undefined
}

/**
 * `--models a,b,c` as model specs. A name the preset has (by its label) keeps the preset's
 * options; then a name of `related` (the paper's models of the other arithmetic presets, so that
 * `nmu` on addition is the paper's NAU → NMU with its regulariser, not a bare one-layer NMU whose
 * rate would be set beside the paper's); any other name gets the units' defaults.
 */
export function parseModels(list: string, presetModels: ModelSpec[], related: readonly ModelSpec[] = []): ModelSpec[] {
  const names = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (!names.length) throw new UsageError(`run: --models needs at least one model (${HELP})`)
  const others = [...new Map(related.map((m) => [JSON.stringify(m), m])).values()]
  return names.map((name) => {
    const known = named(presetModels, name) ?? named(others, name)
    if (known) return known
    const tokens = name.split(/→|->|>/)
    if (tokens.length > 2) throw new UsageError(`run: model "${name}" has ${tokens.length} units; a model has one or two`)
    return ModelSpec.parse({ units: tokens.map((t) => unitOf(t, name)) })
  })
}
