/** xorshift32 in [0, 1): reproducible data without Math.random (the benches' generated stores, the tests' noisy series). */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1
  return () => {
    x ^= x << 13
    x ^= x >>> 17
    x ^= x << 5
    return (x >>> 0) / 4294967296
  }
}
