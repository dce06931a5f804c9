import type { Plugin } from 'vite'
import { bytesModule, compileWat } from './wat.mjs'
import { sourceEntry } from './sourceEntry.mjs'

/** `import bytes from './kernel.wat'`: the WebAssembly module, assembled when bundled or tested. */
export function wat(): Plugin {
  return {
    name: 'nalu:wat',
    enforce: 'pre',
    async load(id) {
      if (!id.endsWith('.wat')) return null
      this.addWatchFile(id)
      return bytesModule(await compileWat(id))
    }
  }
}

const ENTRY = '?entry'
const PREFIX = '\0entry:'

/**
 * `import file from './worker?entry'`: the absolute path of that module as an entry of its own,
 * to fork or start as a thread. Built, it is a chunk of the bundle, found from the importing file's
 * own URL; under vitest, a stand-in that runs the TypeScript source (tools/sourceEntry.mjs).
 */
export function entries(): Plugin {
  let building = false
  return {
    name: 'nalu:entry',
    enforce: 'pre',
    configResolved(config) {
      building = config.command === 'build'
    },
    async resolveId(id, importer) {
      if (!id.endsWith(ENTRY)) return null
      const target = await this.resolve(id.slice(0, -ENTRY.length), importer, { skipSelf: true })
      if (!target) return null
      return PREFIX + target.id
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null
      const file = id.slice(PREFIX.length)
      if (!building) return `export default ${JSON.stringify(sourceEntry(file))}\n`
      const ref = this.emitFile({ type: 'chunk', id: file })
      return `import { fileURLToPath } from 'node:url'\nexport default fileURLToPath(import.meta.ROLLUP_FILE_URL_${ref})\n`
    }
  }
}
