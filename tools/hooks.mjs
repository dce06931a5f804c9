// Node module hooks giving sources run by Node the imports electron-vite and vitest resolve with
// tools/vitePlugins.ts: `x.wat` (its binary, compiled by wabt), `x?raw` (a file's text) and
// `x?entry` (a runnable path for a process or thread entry).
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { bytesModule, compileWat } from './wat.mjs'
import { sourceEntry } from './sourceEntry.mjs'

const ENTRY = '?entry'
// `@shared/…` is src-shared (tsconfig paths, electron.vite.config.ts and vitest.config.ts say the same)
const SHARED = '@shared/'
const sharedRoot = new URL('../src-shared/', import.meta.url)

export async function resolve(specifier, context, next) {
  if (specifier.startsWith(SHARED)) return next(new URL(specifier.slice(SHARED.length), sharedRoot).href, context)
  if (!specifier.endsWith(ENTRY)) return next(specifier, context)
  const target = await next(specifier.slice(0, -ENTRY.length), context)
  return { url: `${target.url}${ENTRY}`, shortCircuit: true }
}

export async function load(url, context, next) {
  if (!url.startsWith('file:')) return next(url, context)
  const [path, query] = url.split('?')
  const file = fileURLToPath(path)
  if (query === 'entry') return module(`export default ${JSON.stringify(sourceEntry(file))}\n`)
  if (query === 'raw') return module(`export default ${JSON.stringify(await readFile(file, 'utf8'))}\n`)
  if (!query && file.endsWith('.wat')) return module(bytesModule(await compileWat(file)))
  return next(url, context)
}

const module = (source) => ({ format: 'module', source, shortCircuit: true })
