/**
 * glibc's allocator settings for a training process (docs/engine.md, "Speed", round 9). By default
 * glibc returns freed memory to the kernel (the heap's top above 128 KB is trimmed; blocks from
 * 128 KB up are mmap'd and unmapped on free; each helper thread has an arena of its own), so memory
 * freed by one compilation, collection or run is faulted in afresh by the next. A first touch of a
 * page costs ≈ 15 µs on a VM like the one the benchmarks run on (2 µs natively): the article preset's
 * training process took ≈ 18,000 page faults. Kept instead, below 256 MB of free top and 32 MB per
 * block, in one arena, freed memory is reused in place: ≈ 6,000 fewer faults there, nothing else
 * changes. A setting the user made (GLIBC_TUNABLES in the environment) is kept as it is.
 */
export const WORKER_MALLOC = 'glibc.malloc.trim_threshold=268435456:glibc.malloc.mmap_threshold=33554432:glibc.malloc.arena_max=1'

/**
 * Variables Node acts on at start that a training process has no use for. NODE_EXTRA_CA_CERTS makes
 * every Node process read and parse the named certificates before it runs any code (≈ 0.05 s of CPU
 * per process for a system bundle of ≈ 140, docs/engine.md round 10); a training process opens no
 * TLS connection. The process the user started keeps them.
 */
export const WORKER_DROPPED = ['NODE_EXTRA_CA_CERTS'] as const

/** The environment a training process starts with: this process's without WORKER_DROPPED, plus the allocator settings on Linux. */
export function workerEnv(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): NodeJS.ProcessEnv {
  const out = { ...env }
  for (const name of WORKER_DROPPED) delete out[name]
  if (platform === 'linux' && env.GLIBC_TUNABLES === undefined) out.GLIBC_TUNABLES = WORKER_MALLOC
  return out
}
