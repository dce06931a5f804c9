// A runnable stand-in for an `?entry` import when the code runs from source (vitest, benches):
// a small .mjs that registers tools/source.mjs, then imports the TypeScript entry. The build
// instead emits the entry as a chunk of its own and imports its path (tools/vitePlugins.ts).
import { createHash } from 'node:crypto'
import { mkdirSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const root = join(import.meta.dirname, '..')
const dir = join(root, 'node_modules', '.cache', 'nalu-lab', 'entries')

/** The path of the stand-in for `file` (an absolute path to a .ts module), written once. */
export function sourceEntry(file) {
  const name = `${basename(file).replace(/\.\w+$/, '')}-${createHash('sha1').update(file).digest('hex').slice(0, 8)}.mjs`
  const target = join(dir, name)
  const code =
    `import ${JSON.stringify(pathToFileURL(join(root, 'tools', 'source.mjs')).href)}\n` +
    `await import(${JSON.stringify(pathToFileURL(file).href)})\n`
  mkdirSync(dir, { recursive: true })
  // written beside, then renamed: processes starting at once never read half a file
  const temp = `${target}.${process.pid}.tmp`
  writeFileSync(temp, code)
  renameSync(temp, target)
  return target
}
