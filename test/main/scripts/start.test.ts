import { afterEach, describe, expect, it } from 'vitest'
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { ROOT } from '../../helpers/serve'

const START = join(ROOT, 'scripts', 'start.mjs')
const electronInstalled = existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt'))
const SKIP = 'the Electron binary is installed here, so npm start opens the app'

/**
 * Runs `npm start` (without npm's wrapper) with PATH holding only `bin`, so the opener it finds is
 * the fake one a test puts there, or none. Resolves once the server's line is out; stop() is Ctrl+C.
 */
async function startFallback(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [START, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)))
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', resolve)
    void exited.then((code) => reject(new Error(`npm start exited with ${code} before browser mode was up:\n${stderr}`)))
  })
  const handle = {
    line,
    stderr: () => stderr,
    /** Ctrl+C; resolves with the exit code */
    async stop(): Promise<number | null> {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGINT')
      return exited
    }
  }
  running.push(handle)
  return handle
}

/** Whatever a failed assertion left running is stopped after each test. */
const running: { stop(): Promise<unknown> }[] = []
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.stop()))
})

/** A fresh folder with a lab.db path in it and a bin folder for PATH. */
function sandbox() {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-start-'))
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  return { dir, bin, db: join(dir, 'lab.db'), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

const SENTENCE = /^NALU Lab cannot open its desktop window because the Electron binary is missing .*npm run serve/

describe('npm start without the Electron binary', () => {
  it('with --no-fallback exits non-zero with one sentence that names the cause and points to npm run serve', (ctx) => {
    if (electronInstalled) ctx.skip(SKIP)
    const r = spawnSync(process.execPath, [START, '--no-fallback'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
    expect(r.status).toBe(1)
    const lines = r.stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(SENTENCE)
    expect(r.stderr).not.toMatch(/\n\s+at /)
    expect(r.stdout).toBe('')
  })

  it('otherwise says the same sentence, serves browser mode on the given database, opens its URL and stops on Ctrl+C', async (ctx) => {
    if (electronInstalled) ctx.skip(SKIP)
    const box = sandbox()
    try {
      // a stand-in for the system's URL opener that writes down what it was asked to open
      const opened = join(box.dir, 'opened.txt')
      const opener = process.platform === 'darwin' ? 'open' : 'xdg-open'
      writeFileSync(join(box.bin, opener), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`)
      chmodSync(join(box.bin, opener), 0o755)
      const app = await startFallback(['--db', box.db], { PATH: box.bin, NALU_LAB_DB: '' })
      const m = /^NALU Lab at (http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+)$/.exec(app.line)
      expect(m).not.toBeNull()
      const url = m![1]
      const lines = app.stderr().trim().split('\n')
      expect(lines[0]).toMatch(SENTENCE)
      expect(lines[1]).toMatch(/Starting browser mode .*Ctrl\+C/)
      expect((await fetch(url)).status).toBe(200)
      expect(existsSync(box.db)).toBe(true)
      await expect.poll(() => (existsSync(opened) ? readFileSync(opened, 'utf8') : ''), { timeout: 10_000 }).toBe(url)

      expect(await app.stop()).toBe(0)
      await expect(fetch(url)).rejects.toThrow()
    } finally {
      box.cleanup()
    }
  }, 180_000)

  it('uses the default database (NALU_LAB_DB here) and carries on silently where no browser can be opened', async (ctx) => {
    if (electronInstalled) ctx.skip(SKIP)
    const box = sandbox()
    try {
      const app = await startFallback([], { PATH: box.bin, NALU_LAB_DB: box.db })
      const url = /^NALU Lab at (\S+)$/.exec(app.line)![1]
      expect(existsSync(box.db)).toBe(true)
      // the failed opener has had its turn by the time the server answered
      expect((await fetch(url)).status).toBe(200)
      // nothing about the missing opener (a stale renderer may add a line about building it)
      expect(app.stderr().trim().split('\n').slice(0, 2)).toEqual([
        expect.stringMatching(SENTENCE),
        expect.stringMatching(/^Starting browser mode/)
      ])
      expect(app.stderr()).not.toMatch(/xdg-open|ENOENT|spawn|Error/)
      expect(await app.stop()).toBe(0)
    } finally {
      box.cleanup()
    }
  }, 180_000)
})
