import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..', '..')

/** The modules a file loads when it is run: static value imports and re-exports (type-only ones are erased). */
function valueImports(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const specs: string[] = []
  for (const m of source.matchAll(/^(?:import|export)\s+(type\s+)?(?:[\s\S]*?\s+from\s+)?'([^']+)'/gm)) if (!m[1]) specs.push(m[2])
  return specs
}

function resolveSpec(spec: string, from: string): string | null {
  const base = spec.startsWith('@shared/')
    ? join(ROOT, 'src-shared', spec.slice(8))
    : spec.startsWith('.')
      ? resolve(dirname(from), spec)
      : null
  if (!base) return null
  for (const f of [base, `${base}.ts`, join(base, 'index.ts')]) if (f.endsWith('.ts') && existsSync(f)) return f
  return null
}

/** How the training process's entry reaches `pkg`, as a chain of files, or null if it never loads it. */
function chainTo(pkg: string, entry: string): string[] | null {
  const from = new Map<string, string | null>([[entry, null]])
  const todo = [entry]
  while (todo.length) {
    const file = todo.shift() as string
    for (const spec of valueImports(file)) {
      if (spec === pkg || spec.startsWith(`${pkg}/`)) {
        const chain = [spec]
        for (let f: string | null = file; f; f = from.get(f) ?? null) chain.unshift(relative(ROOT, f))
        return chain
      }
      const next = resolveSpec(spec, file)
      if (next && !from.has(next)) {
        from.set(next, file)
        todo.push(next)
      }
    }
  }
  return null
}

describe('what a training process loads', () => {
  it('no zod: its schemas cost each training process ≈ 25 ms of CPU at start, and the engine validates nothing with them', () => {
    // the job queue validated the job before sending it; a module that imports a schema barrel
    // (@shared/weights, @shared/domain) for a helper brings every schema in
    expect(chainTo('zod', join(ROOT, 'src-main', 'training', 'worker.ts'))).toBeNull()
  })

  it('finds such a chain where there is one (the check itself works)', () => {
    // what snapshotHooks.ts imported before: the barrel of @shared/weights
    expect(chainTo('zod', join(ROOT, 'src-shared', 'weights', 'index.ts'))).toEqual([
      'src-shared/weights/index.ts',
      'src-shared/weights/snapshot.ts',
      'zod'
    ])
    expect(chainTo('zod', join(ROOT, 'src-main', 'cli', 'run.ts'))).toContain('zod')
  })
})
