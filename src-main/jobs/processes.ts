import { isFromWorker, type FromWorker, type ToWorker } from '../training/protocol'
import type { Job, Slot } from './jobState'
import type { SpawnWorker } from './types'

export interface ProcessEvents {
  /** a message about the job the process runs (never `ready`, never from a dead process) */
  message(job: Job, m: Exclude<FromWorker, { type: 'ready' }>): void
  /** a process ended that nobody asked to end, while running `job` */
  died(job: Job, code: number | null): void
}

/**
 * The training processes of a queue: reused while alive, a job sent only once its process said
 * `ready`; a killed or exited process is forgotten and whatever it still says is ignored.
 */
export class Processes {
  private readonly slots: Slot[] = []

  constructor(
    private readonly spawn: SpawnWorker,
    private readonly on: ProcessEvents,
    private readonly log: (m: string) => void
  ) {}

  /** Gives `job` to an idle process, or to a new one (throws if none can be started). */
  assign(job: Job): void {
    let slot = this.slots.find((s) => !s.job && !s.dead)
    if (!slot) {
      const created: Slot = { handle: this.spawn(), ready: false, job: null, dead: false }
      created.handle.onMessage((m) => this.received(created, m))
      created.handle.onExit((code) => this.exited(created, code))
      this.slots.push(created)
      slot = created
    }
    job.slot = slot
    slot.job = job
    this.send(slot)
  }

  /** Passes `message` to the process running `job`, once it listens; false if none does. */
  tell(job: Job, message: ToWorker): boolean {
    const slot = job.slot
    if (!slot || slot.dead || !slot.ready || slot.job !== job) return false
    slot.handle.send(message)
    return true
  }

  kill(slot: Slot): void {
    this.forget(slot)
    try {
      slot.handle.kill()
    } catch (err) {
      this.log(`could not end a training process: ${(err as Error).message}`)
    }
  }

  killAll(): void {
    for (const slot of [...this.slots]) this.kill(slot)
  }

  private forget(slot: Slot): void {
    slot.dead = true
    const i = this.slots.indexOf(slot)
    if (i >= 0) this.slots.splice(i, 1)
  }

  private send(slot: Slot): void {
    const job = slot.job
    if (!slot.ready || !job || job.sent) return
    job.sent = true
    slot.handle.send({ type: 'run', job: job.spec })
  }

  private received(slot: Slot, message: unknown): void {
    if (slot.dead || !isFromWorker(message)) return
    if (message.type === 'ready') {
      slot.ready = true
      this.send(slot)
    } else if (slot.job && slot.job.runId === message.runId) {
      this.on.message(slot.job, message)
    }
  }

  private exited(slot: Slot, code: number | null): void {
    if (slot.dead) return
    this.forget(slot)
    if (slot.job) this.on.died(slot.job, code)
  }
}
