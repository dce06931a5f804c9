import { inOwnFrame } from '../charts/frameQueue'

/**
 * The Live view's one heartbeat. Everything it changes on screen while runs train (job rows, the
 * finished list, the three charts) changes in one tick: the subscribers run one after the other in
 * as few animation frames as FRAME_BUDGET_MS allows (all in one when they are cheap; one a frame
 * when the machine is loaded, so no single task holds the page for all of them), and nothing in
 * between. Before, rows and each chart kept timers of their own and the page drew 7 frames a
 * second, each with a style, layout, paint and compositor commit; the commit (the canvases'
 * rasterisation) was half of what watching cost.
 *
 * Ticks come only when something changed, at most one per period; the period stretches with what
 * the last tick cost (COST_FACTOR times its script time), so 100 runs or a loaded machine get
 * fewer ticks, not longer ones. The first change after a quiet spell is shown in the next frame.
 */
export const MIN_PERIOD_MS = 1000
export const MAX_PERIOD_MS = 3000
const COST_FACTOR = 10
/**
 * Each line on the charts adds this to the period's floor, up to LINES_FLOOR_MS (a dozen runs: 1 s;
 * 25 runs, a preset, and more: 2 s). The script time the period follows is only part of a tick's
 * cost: the compositor's commit, the canvases' rasterisation and Chromium's own processes cost
 * about as much again (traces of the 25-run preset and a 100-run study), and with two training
 * processes on two cores each CPU-second the page takes is a second a run waits: at one tick a
 * second the page took 15 % of what training took for the preset. Curves that grow every 2 s and
 * a study's runs starting and ending a few at a time still show everything, a moment later.
 */
export const PERIOD_PER_LINE_MS = 80
export const LINES_FLOOR_MS = 2000
/** the next subscriber waits for the next frame once this frame's script has taken this long */
const FRAME_BUDGET_MS = 12

interface Subscriber {
  task: () => void
  order: number
  endsFrame: boolean
}

export class LiveClock {
  private tasks: Subscriber[] = []
  private lastTick = -Infinity
  private period = MIN_PERIOD_MS
  private floor = MIN_PERIOD_MS
  /** cancels the wait or the queued frame of the tick to come (or of the tick's next subscriber) */
  private cancel: (() => void) | null = null
  private ticking = false
  /** something changed while a tick was under way: another comes after it */
  private again = false

  /**
   * Runs `task` in every tick, lower `order` first (the store's rows before the charts that read
   * them), then in the order subscribed; returns the unsubscribe. With `endsFrame` the subscribers
   * after it wait for the next frame: Vue renders what a store changed at the end of the frame's
   * task, after the budget was counted, so the job rows' render (20 ms when runs finish and the
   * rows move) and a chart's redraw (40 ms) would otherwise make one task of 100 ms with the
   * compositor's work.
   */
  subscribe(task: () => void, order = 0, { endsFrame = false }: { endsFrame?: boolean } = {}): () => void {
    const entry = { task, order, endsFrame }
    this.tasks = [...this.tasks, entry].sort((a, b) => a.order - b.order)
    return () => void (this.tasks = this.tasks.filter((t) => t !== entry))
  }

  /** Something changed: a tick comes in the next frame, or when the period since the last one is over. */
  request(): void {
    if (this.ticking) {
      this.again = true
      return
    }
    if (this.cancel) return
    const wait = this.lastTick + this.period - performance.now()
    if (wait <= 0) {
      this.cancel = inOwnFrame(() => this.tick())
      return
    }
    let inner: (() => void) | null = null
    const timer = setTimeout(() => (inner = inOwnFrame(() => this.tick())), wait)
    this.cancel = () => {
      clearTimeout(timer)
      inner?.()
    }
  }

  /** How many lines the subscribers draw: a floor for the period (PERIOD_PER_LINE_MS each). */
  setLines(count: number): void {
    this.floor = Math.min(LINES_FLOOR_MS, Math.max(MIN_PERIOD_MS, count * PERIOD_PER_LINE_MS))
    this.period = Math.max(this.period, this.floor)
  }

  /** Time until the next tick may come after the last one. */
  get periodMs(): number {
    return this.period
  }

  /** Whether a tick is waiting or under way (tests wait for it). */
  get pending(): boolean {
    return this.cancel !== null || this.ticking
  }

  /** Drops a pending tick and forgets the pace (tests start afresh). */
  reset(): void {
    this.cancel?.()
    this.cancel = null
    this.ticking = false
    this.again = false
    this.lastTick = -Infinity
    this.period = MIN_PERIOD_MS
    this.floor = MIN_PERIOD_MS
  }

  private tick(): void {
    this.cancel = null
    this.ticking = true
    this.frame([...this.tasks], 0, 0)
  }

  /** Runs subscribers from `i` on in this frame while the budget lasts, the rest in the next one. */
  private frame(tasks: Subscriber[], i: number, spent: number): void {
    const start = performance.now()
    let now = start
    let ran = 0
    while (i < tasks.length && (ran === 0 || (now - start < FRAME_BUDGET_MS && !tasks[i - 1].endsFrame))) {
      try {
        tasks[i].task()
      } catch (err) {
        // one failing task (a chart) must not stop the rows or the other charts; the error still
        // reaches the window's error handler (the shell's banner)
        reportError(err)
      }
      i++
      ran++
      now = performance.now()
    }
    spent += now - start
    if (i < tasks.length) {
      this.cancel = inOwnFrame(() => {
        this.cancel = null
        this.frame(tasks, i, spent)
      })
      return
    }
    this.ticking = false
    this.period = Math.min(MAX_PERIOD_MS, Math.max(this.floor, spent * COST_FACTOR))
    this.lastTick = now
    if (this.again) {
      this.again = false
      this.request()
    }
  }
}

/** The Live view's clock: the jobs store and the Live charts tick together. */
export const liveClock = new LiveClock()
