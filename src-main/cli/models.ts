import { modelLabel, ModelSpec, UNIT_KINDS, UnitSpec } from '../../src-shared/domain'
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

/**
 * `--models a,b,c` as model specs. A name the preset has (by its label) keeps the preset's
 * options; any other name gets the units' defaults.
 */
export function parseModels(list: string, presetModels: ModelSpec[]): ModelSpec[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean)
  if (!names.length) throw new UsageError(`run: --models needs at least one model (${HELP})`)
  return names.map((name) => {
    const own = presetModels.find((m) => modelLabel(m) === name || modelLabel(m).replace(/\((\w+)\)/, ':$1').replace('→', '>') === name)
    if (own) return own
    const tokens = name.split(/→|->|>/)
    if (tokens.length > 2) throw new UsageError(`run: model "${name}" has ${tokens.length} units; a model has one or two`)
    return ModelSpec.parse({ units: tokens.map((t) => unitOf(t, name)) })
  })
}
