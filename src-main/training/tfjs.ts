import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import type { Backend } from '@shared/domain'
import type { Tf } from './models/types'
import { registerTfGradients } from './tfjsGradients'

export interface TfHandle {
  tf: Tf
  /** the tfjs backend that actually runs: 'tensorflow' (tfjs-node), 'wasm' or 'cpu' */
  backend: 'tensorflow' | 'wasm' | 'cpu'
  version: string
}

const cache = new Map<Backend, Promise<TfHandle>>()
let wasmPathsSet = false

/**
 * tfjs with the fastest backend this install has: tfjs-node where installed, else the wasm
 * backend, else plain JS (cpu). Asking for one backend gets that one or a clear error. Loaded
 * lazily: the fused path never pays tfjs's start-up (~0.4 s).
 */
export async function loadTf(wanted: Backend = 'auto'): Promise<TfHandle> {
  let p = cache.get(wanted)
  if (!p) {
    p = load(wanted)
    cache.set(wanted, p)
  }
  const handle = await p
  // the backend is global to the process: a pooled worker may have switched it for another run
  if (handle.tf.getBackend() !== handle.backend) await handle.tf.setBackend(handle.backend)
  return handle
}

async function load(wanted: Backend): Promise<TfHandle> {
  if (wanted === 'auto' || wanted === 'tensorflow') {
    const node = await tryTfNode()
    if (node) return node
    if (wanted === 'tensorflow')
      throw new Error('The tensorflow backend needs @tensorflow/tfjs-node, which is not installed (or its native library failed to load)')
  }
  // tfjs-core has the ops, a backend package the kernels, and the gradients come apart
  const tf = (await import('@tensorflow/tfjs-core')) as Tf
  await import('@tensorflow/tfjs-backend-cpu')
  await registerTfGradients()
  tf.enableProdMode()
  if (wanted === 'auto' || wanted === 'wasm') {
    if (await tryWasm(tf)) return { tf, backend: 'wasm', version: tf.version_core }
    if (wanted === 'wasm') throw new Error('The tfjs wasm backend failed to initialise')
  }
  if (!(await tf.setBackend('cpu'))) throw new Error('The tfjs cpu backend failed to initialise')
  await tf.ready()
  return { tf, backend: 'cpu', version: tf.version_core }
}

async function tryTfNode(): Promise<TfHandle | null> {
  // a variable specifier: tfjs-node is optional, neither TypeScript nor the bundler may resolve it
  const specifier = '@tensorflow/tfjs-node'
  try {
    const tf = (await import(/* @vite-ignore */ specifier)) as Tf
    tf.enableProdMode()
    return { tf, backend: 'tensorflow', version: tf.version_core }
  } catch {
    return null
  }
}

async function tryWasm(tf: Tf): Promise<boolean> {
  try {
    const wasm = await import('@tensorflow/tfjs-backend-wasm')
    // in Node the .wasm files are read from the package's dist folder
    const dist = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'))
    if (!wasmPathsSet) wasm.setWasmPaths(`${dist}/`)
    wasmPathsSet = true
    if (!(await tf.setBackend('wasm'))) return false
    await tf.ready()
    return true
  } catch {
    return false
  }
}
