import { ExperimentSpec, type EpochMetrics, type ExperimentSpecInput } from '@shared/domain'
import type { EventChannel } from '@shared/contract'
import { EventHub } from '../../../src-main/ipc/events'
import type { JobQueue, SpawnWorker, WorkerHandle } from '../../../src-main/jobs/types'
import { planRuns } from '../../../src-main/services/experiments'
import { openStore, type LabStore } from '../../../src-main/store'
import type { FromWorker, ToWorker } from '../../../src-main/training/protocol'

/** A training process the test drives by hand: it records what it is sent and can "say" anything. */
export class FakeWorker implements WorkerHandle {
  readonly received: ToWorker[] = []
  killed = false
  private onMsg: (m: unknown) => void = () => {}
  private onEnd: (code: number | null) => void = () => {}
  send(message: unknown) {
    this.received.push(message as ToWorker)
  }
  onMessage(l: (m: unknown) => void) {
    this.onMsg = l
  }
  onExit(l: (code: number | null) => void) {
    this.onEnd = l
  }
  kill() {
    this.killed = true
    this.onEnd(null)
  }
  say(m: FromWorker) {
    this.onMsg(m)
  }
  exit(code: number | null) {
    this.onEnd(code)
  }
  /** the last job it was given to run */
  get job() {
    return this.received.filter((m) => m.type === 'run').at(-1)?.job
  }
}

export function fakeSpawner(): { spawn: SpawnWorker; workers: FakeWorker[] } {
  const workers: FakeWorker[] = []
  return {
    workers,
    spawn: () => {
      const w = new FakeWorker()
      workers.push(w)
      return w
    }
  }
}

/** A real in-memory store and a contract-checking event hub that records what it emits. */
export function testLab() {
  const store = openStore(':memory:')
  const events = new EventHub(true)
  const log: { channel: EventChannel; payload: unknown }[] = []
  events.subscribe((channel, payload) => void log.push({ channel, payload }))
  return { store, events, log }
}

/** A job queue that only records what it is asked to run (each enqueue's ids, in order) and runs none. */
export function recordingJobs(): { jobs: JobQueue; queued: number[][] } {
  const queued: number[][] = []
  const jobs: JobQueue = {
    enqueue: (ids) => void queued.push(ids),
    list: () => [],
    cancel: () => false,
    watchWeights: () => false,
    idle: async () => {},
    close: async () => {}
  }
  return { jobs, queued }
}

export function experiment(over: Partial<ExperimentSpecInput> = {}): ExperimentSpec {
  return ExperimentSpec.parse({
    name: 'Queue test',
    problem: {
      kind: 'mystery',
      inDim: 10,
      outDim: 3,
      ops: ['add', 'mul'],
      train: { size: 64, range: { lo: -10, hi: 10 } },
      interp: { size: 32, range: { lo: -10, hi: 10 } },
      extrap: { size: 32, range: { lo: -50, hi: 50 } }
    },
    models: [{ units: [{ kind: 'vanilla' }] }, { units: [{ kind: 'nalu', variant: 'article' }] }, { units: [{ kind: 'nac' }] }],
    training: { epochs: 5, batchSize: 32, optimizer: { kind: 'adam' } },
    seeds: [1],
    ...over
  })
}

/** Stores the experiment's runs as the experiments service would (without queueing them). */
export function createRuns(store: LabStore, spec: ExperimentSpec): number[] {
  return store.createExperiment(spec, planRuns(spec)).runIds
}

export function epoch(n: number, outputs = 3): EpochMetrics {
  const per = Array.from({ length: outputs }, (_, k) => n + k)
  return { epoch: n, trainMse: 10 / n, interpMse: 20 / n, extrapMse: 30 / n, perOutput: { interp: per, extrap: per }, wallMs: n * 10 }
}

export const ENV = { path: 'fused' as const, backend: 'fused-js', versions: { engine: '1' } }
