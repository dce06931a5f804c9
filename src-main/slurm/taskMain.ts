/**
 * The process of one Slurm array task (the job script execs it on a compute node):
 *   node <this entry> --dir DIR --task I
 * It trains the task's share of the plan into its own shard and exits with runTask's code.
 * scancel and the time limit send SIGTERM: the runs are stored as cancelled, epochs kept.
 */
import { parseArgs } from 'node:util'
import { runTask } from './task'

const log = (line: string) => process.stderr.write(`${line}\n`)
const { values } = parseArgs({ options: { dir: { type: 'string' }, task: { type: 'string' } }, strict: true })
const task = Number(values.task)
if (!values.dir || !/^\d+$/.test(values.task ?? '')) {
  log('slurm task: usage: --dir DIR --task I (the job script passes $SLURM_ARRAY_TASK_ID)')
  process.exit(2)
}
const stop = new AbortController()
process.on('SIGTERM', () => stop.abort())
process.on('SIGINT', () => stop.abort())
runTask({ dir: values.dir, task, log, stop: stop.signal }).then(
  // exit at once: a cancelled run may still be computing in this process
  (code) => process.exit(code),
  (err: unknown) => {
    log(`slurm task ${task}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    process.exit(1)
  }
)
