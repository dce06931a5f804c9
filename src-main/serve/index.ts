import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { createLab } from '../lab'
import { resolveDbPath } from '../config/dbPath'
import { findProjectRoot } from '../config/projectRoot'
import { nodeSpawner } from '../jobs/nodeSpawner'
import { startBrowserServer } from '../transport/http'
import { parseServeArgs, UsageError } from './args'

/**
 * Browser mode: the desktop app's main-side services in plain Node, the built renderer over HTTP
 * and the contract over a WebSocket. Prints exactly one line on stdout once ready.
 */
async function main(argv: string[]): Promise<void> {
  const args = parseServeArgs(argv)
  const rendererDir = join(findProjectRoot(), 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${rendererDir}/index.html): run npm run build first.`)
  }
  const lab = await createLab({
    dbPath: resolveDbPath({ flag: args.db }),
    transport: 'browser',
    spawn: nodeSpawner(),
    log: (m) => process.stderr.write(`${m}\n`)
  })
  const server = await startBrowserServer({ router: lab.router, events: lab.events, rendererDir, port: args.port })
  process.stdout.write(`NALU Lab at ${server.url}\n`)

  let closing = false
  const shutdown = async () => {
    if (closing) return
    closing = true
    await server.close()
    await lab.close()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main(process.argv.slice(2)).catch((err: unknown) => {
  const message = err instanceof Error ? err.message : String(err)
  // a usage error already names its command ("serve: --port …")
  process.stderr.write(err instanceof UsageError ? `${message}\n` : `nalu-lab serve: ${message}\n`)
  process.exit(err instanceof UsageError ? 2 : 1)
})
