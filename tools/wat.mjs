// WebAssembly text → binary with wabt (a pure npm package: Emscripten-compiled JS, no toolchain).
// Used at build time by the Vite plugin (electron-vite, vitest) and by the Node hooks that run
// sources (bench scripts, test children): the app itself never loads wabt.
import { readFile } from 'node:fs/promises'
import createWabt from 'wabt'

let wabt

/** The module in `file`, validated; a syntax or type error throws with wabt's file:line message. */
export async function compileWat(file) {
  wabt ??= await createWabt()
  const text = await readFile(file, 'utf8')
  const module = wabt.parseWat(file, text, { simd: true, relaxed_simd: true })
  try {
    module.resolveNames()
    module.validate()
    return new Uint8Array(module.toBinary({}).buffer)
  } finally {
    module.destroy()
  }
}

/** A JS module whose default export is those bytes (base64: a fifth of a number list's size). */
export function bytesModule(bytes) {
  const b64 = Buffer.from(bytes).toString('base64')
  return `export default Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0))\n`
}
