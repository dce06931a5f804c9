import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { ROOT } from './fixtures'

export interface Child {
  proc: ChildProcess
  /** resolves with the first stdout line matching the pattern */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>
  exited: Promise<number | null>
  stderr(): string
}

/** writerChild.ts in its own Node process, run from source (tools/source.mjs), exactly like a second app/CLI process. */
export function startWriter(dbPath: string, mode: string, arg = ''): Child {
  const proc = spawn(process.execPath, ['--import', './tools/source.mjs', join(import.meta.dirname, 'writerChild.ts'), dbPath, mode, arg], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let err = ''
  proc.stderr.on('data', (d: Buffer) => (err += d.toString()))
  const lines: string[] = []
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = []
  createInterface({ input: proc.stdout }).on('line', (line) => {
    lines.push(line)
    for (const w of [...waiters]) {
      const m = w.re.exec(line)
      if (m) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(m)
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)))
  return {
    proc,
    exited,
    stderr: () => err,
    waitFor(re, timeoutMs = 30_000) {
      const seen = lines.map((l) => re.exec(l)).find((m) => m)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child never printed ${re}; stderr:\n${err}`)), timeoutMs)
        waiters.push({
          re,
          resolve: (m) => {
            clearTimeout(timer)
            resolve(m)
          }
        })
        void exited.then((code) => {
          clearTimeout(timer)
          reject(new Error(`child exited (${code}) before printing ${re}; stderr:\n${err}`))
        })
      })
    }
  }
}
