import { availableParallelism } from 'node:os'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodeSpawner, warmSpawner } from '../jobs/nodeSpawner'
import type { CliIo } from './io'

export const USAGE = `Usage: npm run lab -- <command> [options]
  run     train a preset's models and store the runs   (npm run lab -- run --help)
  list    list the stored runs                         (npm run lab -- list --help)
  summary a study's success rates with 95% intervals  (npm run lab -- summary --help)
  export  a figure or the data of stored runs          (npm run lab -- export --help)
  collect bring home the results of runs sent to Slurm (npm run lab -- collect --help)
  slurm   re-submit or cancel runs on Slurm            (npm run lab -- slurm --help)`

/**
 * The CLI: one command per word, exit codes 0 ok, 1 failed, 2 bad arguments. Each command's
 * module is loaded only when used: `run` need not pay for the chart renderer `export` loads.
 */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'run': {
      if (rest.some((a) => a === '--on' || a.startsWith('--on='))) return (await import('./slurm')).runOnSlurm(rest, io)
      // the training processes boot while the command loads, validates and opens the database
      const warm = wantsTraining(rest) ? warmSpawner(nodeSpawner(), availableParallelism()) : null
      try {
        return await (await import('./run')).runCommand(rest, io, warm?.spawn)
      } finally {
        warm?.dispose()
      }
    }
    case 'list':
      return (await import('./list')).listCommand(rest, io)
    case 'summary':
      return (await import('./summary')).summaryCommand(rest, io)
    case 'collect':
      return (await import('./collect')).collectCommand(rest, io)
    case 'slurm':
      return (await import('./slurm')).slurmCommand(rest, io)
    case 'export':
      return (await import('./export')).exportCommand(rest, io)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(`${USAGE}\n`)
      return command === undefined ? 2 : 0
    default:
      io.stderr(`lab: unknown command "${command}" (run, list, summary, export, collect or slurm)\n`)
      return 2
  }
}

/** Worth starting training processes early: not for help, nor for a run without a preset. */
function wantsTraining(argv: string[]): boolean {
  return argv.some((a) => a === '--preset' || a.startsWith('--preset=')) && !argv.some((a) => a === '--help' || a === '-h')
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  const io: CliIo = {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    tty: { stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY }
  }
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code
    },
    (err: unknown) => {
      process.stderr.write(`lab: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exitCode = 1
    }
  )
}
