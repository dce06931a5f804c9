import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

export const ROOT = join(import.meta.dirname, '..', '..')

export interface ServeHandle {
  url: string
  origin: string
  token: string
  dbPath: string
  /** everything the server wrote to stderr so far */
  stderr: () => string
  /** the server's process (with `ipc`, its IPC channel: the benches' loop probe answers there) */
  child: ChildProcess
  stop(): Promise<void>
}

/**
 * Start browser mode exactly as a user does (`npm run serve -- --port 0 --db …`, without npm's
 * wrapper), on a fresh temp database, and wait for its one ready line. `nodeArgs` go to Node before
 * the script and `ipc` opens a channel to it: the benches load their event-loop probe that way.
 */
export async function startServe(
  opts: { dbPath?: string; timeoutMs?: number; nodeArgs?: string[]; ipc?: boolean } = {}
): Promise<ServeHandle> {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-serve-'))
  const dbPath = opts.dbPath ?? join(dir, 'lab.db')
  const child: ChildProcess = spawn(
    process.execPath,
    [...(opts.nodeArgs ?? []), join(ROOT, 'scripts', 'serve.mjs'), '--port', '0', '--db', dbPath],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe', ...(opts.ipc ? (['ipc'] as const) : [])],
      env: { ...process.env, NALU_LAB_DB: '' }
    }
  )
  let err = ''
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const lines = createInterface({ input: child.stdout! })
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not print its line in time; stderr:\n${err}`)), opts.timeoutMs ?? 90_000)
    lines.once('line', (l) => {
      clearTimeout(timer)
      resolve(l)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`serve exited with ${code}; stderr:\n${err}`))
    })
  })
  const m = /^NALU Lab at (http:\/\/127\.0\.0\.1:(\d+))\/\?token=([\w-]+)$/.exec(first)
  if (!m) throw new Error(`unexpected first line from serve: ${first}`)
  return {
    url: first.slice('NALU Lab at '.length),
    origin: m[1],
    token: m[3],
    dbPath,
    stderr: () => err,
    child,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r))
        child.kill('SIGTERM')
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))])
        if (child.exitCode === null) child.kill('SIGKILL')
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
