import { onBeforeUnmount, onMounted, ref, shallowRef, type Ref } from 'vue'
import type { EventChannel } from '@shared/contract'
import { useApi } from '../api'
import { readableError, type ReadableError } from '../lib/errors'

/** How long a view waits after an event before it reads again: a poll brings several. */
const REFRESH_MS = 300
/** How often "asked 12 s ago" moves on. */
const CLOCK_MS = 5000

/**
 * What a view shows of Slurm, read with `read` when mounted and again whenever the main side asked
 * Slurm or runs changed; `now` ticks so that "when Slurm was last asked" stays true on screen.
 */
export function useSlurmFeed<T>(read: () => Promise<T>): {
  data: Ref<T | null>
  error: Ref<ReadableError | null>
  now: Ref<number>
  load: () => Promise<void>
} {
  const data = shallowRef<T | null>(null) as Ref<T | null>
  const error = ref<ReadableError | null>(null)
  const now = ref(Date.now())
  let requestNo = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  let clock: ReturnType<typeof setInterval> | null = null
  let offs: (() => void)[] = []

  async function load(): Promise<void> {
    const mine = ++requestNo
    try {
      const value = await read()
      if (mine !== requestNo) return
      data.value = value
      error.value = null
      now.value = Date.now()
    } catch (err) {
      if (mine === requestNo) error.value = readableError(err)
    }
  }
  function soon(): void {
    if (timer) return
    timer = setTimeout(() => {
      timer = null
      void load()
    }, REFRESH_MS)
  }

  onMounted(() => {
    const api = useApi()
    const channels: EventChannel[] = ['slurm.polled', 'runs.changed']
    offs = channels.map((c) => api.on(c, soon))
    clock = setInterval(() => (now.value = Date.now()), CLOCK_MS)
    void load()
  })
  onBeforeUnmount(() => {
    offs.forEach((off) => off())
    if (timer) clearTimeout(timer)
    if (clock) clearInterval(clock)
  })
  return { data, error, now, load }
}

/** "12 s ago", "3 min ago": when Slurm was last asked, seen from `now`. */
export function askedAgo(iso: string | null, now: number): string {
  if (!iso) return 'not yet'
  const s = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000))
  if (s < 60) return `${s} s ago`
  const m = Math.floor(s / 60)
  return m < 60 ? `${m} min ago` : `${Math.floor(m / 60)} h ${m % 60} min ago`
}
