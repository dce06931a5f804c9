/**
 * Nested config → flat "path: value" pairs, in the path syntax the main side uses for errors
 * (`models[0].units[0].hidden`), so the config tables and the field errors name things alike.
 */
export function flatten(value: unknown, prefix = '', out: Record<string, unknown> = {}): Record<string, unknown> {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      out[prefix] = '(none)'
      return out
    }
    // short arrays of scalars read better as one value ("add, sub, mul") than as one row each
    if (value.every((v) => v === null || typeof v !== 'object') && value.length <= 20) {
      out[prefix] = value.join(', ')
      return out
    }
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out))
    return out
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
    if (entries.length === 0 && prefix) out[prefix] = '{}'
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out)
    return out
  }
  out[prefix] = value
  return out
}

/** Rows of paths whose values are not all equal across the given flattened configs. */
export function differingPaths(configs: Record<string, unknown>[]): string[] {
  const paths = new Set<string>()
  for (const c of configs) for (const k of Object.keys(c)) paths.add(k)
  return [...paths].filter((p) => {
    const first = JSON.stringify(configs[0]?.[p])
    return configs.some((c) => JSON.stringify(c[p]) !== first)
  })
}
