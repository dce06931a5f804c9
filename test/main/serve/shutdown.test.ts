import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { ROOT } from '../../helpers/serve'

let dir: string
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nalu-serve-stop-'))))
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('browser mode stopped at once', () => {
  it('closes the store when SIGTERM comes the instant the address is printed, so the next start skips the full check', async () => {
    const db = join(dir, 'lab.db')
    // the sources (tools/source.mjs), with the built renderer it serves (npm test builds it first)
    const child = spawn(process.execPath, ['--import', './tools/source.mjs', 'src-main/serve/index.ts', '--port', '0', '--db', db], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    const ended = new Promise<[number | null, NodeJS.Signals | null]>((r) => child.once('exit', (code, signal) => r([code, signal])))
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', (l) => {
        child.kill('SIGTERM')
        resolve(l)
      })
      void ended.then(([code]) => reject(new Error(`serve exited with ${code}:\n${stderr}`)))
    })
    expect(line).toMatch(/^NALU Lab at http:\/\/127\.0\.0\.1:\d+\//)
    expect(await ended).toEqual([0, null])
    // a marker left in <db>-sessions means "killed with the file open": a full check at the next start
    expect(existsSync(`${db}-sessions`)).toBe(false)
  }, 60_000)
})
