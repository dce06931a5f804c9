/**
 * A second process writing the same database, as the CLI does beside the app. Started by the
 * recovery and concurrency tests with `node --import ./tools/source.mjs writerChild.ts <db> <mode> [arg]`; prints
 * one line per committed step so the parent knows where it is.
 *   run N      create a run, mark it running, append one epoch every ~20 ms (up to N), print "epoch k"
 *   hold       create a run, mark it running, print "running <id>", then wait to be killed
 *   hammer MS  for MS ms: create experiments and append epochs in small transactions; print "done <runs> <epochs>"
 */
import { openStore } from '../../../src-main/store'
import { ENV, epoch, runsOf, spec } from './fixtures'

const [dbPath, mode, arg] = process.argv.slice(2)
const store = openStore(dbPath)
const say = (line: string): void => void process.stdout.write(`${line}\n`)
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function main(): Promise<void> {
  if (mode === 'run' || mode === 'hold') {
    const s = spec({ name: `child ${process.pid}`, seeds: [7], models: [{ units: [{ kind: 'nac' }] }] })
    const [id] = store.createExperiment(s, runsOf(s)).runIds
    store.markRunning(id, ENV)
    say(`running ${id}`)
    if (mode === 'hold') return void setInterval(() => undefined, 1000)
    for (let n = 1; n <= Number(arg); n++) {
      store.appendEpochs(id, [epoch(n, id)])
      say(`epoch ${n}`)
      await sleep(20)
    }
    store.finishRun(id, { status: 'completed' })
    say('finished')
  } else if (mode === 'hammer') {
    const until = Date.now() + Number(arg)
    let runs = 0
    let eps = 0
    while (Date.now() < until) {
      const s = spec({ name: `hammer ${process.pid}`, seeds: [runs], models: [{ units: [{ kind: 'nau' }] }] })
      const [id] = store.createExperiment(s, runsOf(s)).runIds
      store.markRunning(id, ENV)
      for (let n = 1; n <= 20; n++) store.appendEpochs(id, [epoch(n, id)])
      store.finishRun(id, { status: 'completed' })
      runs++
      eps += 20
      await sleep(0)
    }
    say(`done ${runs} ${eps}`)
    store.close()
  } else {
    throw new Error(`unknown mode ${mode}`)
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`)
  process.exit(1)
})
