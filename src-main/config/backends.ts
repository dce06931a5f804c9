import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

function installed(pkg: string): boolean {
  try {
    require.resolve(pkg)
    return true
  } catch {
    return false
  }
}

/**
 * The tfjs backends this install can offer, fastest first, plus the fused Float64 kernels that need
 * nothing. Whether tfjs-node's native library actually loads is only known when a run tries it.
 */
export function availableBackends(): string[] {
  const list = ['fused']
  if (installed('@tensorflow/tfjs-node')) list.push('tensorflow')
  if (installed('@tensorflow/tfjs-backend-wasm')) list.push('wasm')
  if (installed('@tensorflow/tfjs-backend-cpu')) list.push('cpu')
  return list
}
