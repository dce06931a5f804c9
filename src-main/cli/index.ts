import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { exportCommand } from './export'
import type { CliIo } from './io'
import { listCommand } from './list'
import { runCommand } from './run'

export const USAGE = `Usage: npm run lab -- <command> [options]
  run     train a preset's models and store the runs   (npm run lab -- run --help)
  list    list the stored runs                         (npm run lab -- list --help)
  export  a figure or the data of stored runs          (npm run lab -- export --help)`

/** The CLI: one command per word, exit codes 0 ok, 1 failed, 2 bad arguments. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv
  switch (command) {
    case 'run':
      return runCommand(rest, io)
    case 'list':
      return listCommand(rest, io)
    case 'export':
      return exportCommand(rest, io)
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.stdout(`${USAGE}\n`)
      return command === undefined ? 2 : 0
    default:
      io.stderr(`lab: unknown command "${command}" (run, list or export)\n`)
      return 2
  }
}

const invokedDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)
if (invokedDirectly) {
  const io: CliIo = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }
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
