import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createLab } from '../lab'
import { resolveDbPath } from '../config/dbPath'
import { findProjectRoot } from '../config/projectRoot'
import { nodeSpawner } from '../jobs/nodeSpawner'
import { startBrowserServer } from '../transport/http'
import { parseServeArgs, SERVE_USAGE, UsageError } from './args'

/**
 * Browser mode: the desktop app's main-side services in plain Node, the built renderer over HTTP
 * and the contract over a WebSocket. Prints exactly one line on stdout once ready.
 */
async function main(argv: string[]): Promise<void> {
  const args = parseServeArgs(argv)
  if (args.help) {
    process.stdout.write(`${SERVE_USAGE}\n`)
    return
  }
  // Ctrl+C or SIGTERM at any moment, even the instant the address is printed, closes the store:
  // a process killed with it open costs the next start a full integrity check (docs/store.md)
  let running: { close(): Promise<void> } | null = null
  let closing = false
  const shutdown = () => {
    if (closing) return
    closing = true
    if (running) stop(running)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)

  const rendererDir = join(findProjectRoot(), 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${rendererDir}/index.html): run npm run build first.`)
  }
  const lab = createLab({
    dbPath: resolveDbPath({ flag: args.db }),
    transport: 'browser',
    spawn: nodeSpawner(),
    log: (m) => process.stderr.write(`${m}\n`)
  })
  const server = await startBrowserServer({
    router: lab.router,
    events: lab.events,
    rendererDir,
    port: args.port,
    log: (m) => process.stderr.write(`${m}\n`)
  })
  running = { close: () => server.close().then(() => lab.close()) }
  // a signal while the server was starting: close now that there is something to close
  if (closing) return stop(running)
  process.stdout.write(`NALU Lab at ${server.url}\n`)
}

/** Closes the server, then the store, and ends the process; a failed close still ends it, with the reason. */
function stop(running: { close(): Promise<void> }): void {
  running.close().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`nalu-lab serve: closing failed: ${err instanceof Error ? err.message : String(err)}\n`)
      process.exit(1)
    }
  )
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err)
  // a usage error already names its command ("serve: --port …")
  process.stderr.write(err instanceof UsageError ? `${message}\n` : `nalu-lab serve: ${message}\n`)
  process.exit(err instanceof UsageError ? 2 : 1)
})
