// Builds what a command runs when it is missing or older than its sources, as electron-vite
// builds the app: out/main (the CLI, browser mode's server, the training and figure workers) and,
// for browser mode, out/renderer. So `npm run lab` and `npm run serve` always run compiled
// JavaScript of the current sources. One build at a time: commands started together (a shell
// loop, a Slurm array on a shared disk) wait for the first one's build instead of racing it.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'

export const root = join(import.meta.dirname, '..')
const OUT = {
  main: { file: join(root, 'out', 'main', 'lab.js'), sources: ['src-main', 'src-shared', 'db', 'tools'] },
  renderer: { file: join(root, 'out', 'renderer', 'index.html'), sources: ['src-renderer', 'src-shared'] }
}
const CONFIG = ['electron.vite.config.ts', 'package.json']
const LOCK = join(root, 'out', '.build-lock')
// a lock older than this was left by a build that died (on another machine of a shared disk)
const LOCK_STALE_MS = 5 * 60_000

/** Whether anything under `path` (a file or folder) changed after `time`; stops at the first. */
function changedSince(path, time) {
  const s = statSync(path, { throwIfNoEntry: false })
  if (!s) return false
  if (s.mtimeMs > time) return true
  return s.isDirectory() && readdirSync(path).some((e) => changedSince(join(path, e), time))
}

function stale(target) {
  const built = statSync(OUT[target].file, { throwIfNoEntry: false })
  return !built || [...OUT[target].sources, ...CONFIG].some((s) => changedSince(join(root, s), built.mtimeMs))
}

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
}

/** Whether the build holding the lock is gone: it died on this machine, or it is far too old. */
function abandoned() {
  const since = statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs
  if (since === undefined) return false
  if (Date.now() - since > LOCK_STALE_MS) return true
  const [host, pid] = (readFileSync(join(LOCK, 'owner'), { encoding: 'utf8', flag: 'a+' }) || ' ').split(' ')
  if (host !== hostname() || !pid) return false
  try {
    process.kill(Number(pid), 0)
    return false
  } catch (err) {
    return err.code === 'ESRCH'
  }
}

function locked(fn) {
  mkdirSync(join(root, 'out'), { recursive: true })
  for (;;) {
    try {
      mkdirSync(LOCK)
      writeFileSync(join(LOCK, 'owner'), `${hostname()} ${process.pid}`)
      break
    } catch (err) {
      if (err.code !== 'EEXIST') throw err
      // a build stopped with Ctrl+C leaves its lock behind: take it over at once
      if (abandoned()) rmSync(LOCK, { recursive: true, force: true })
      else sleep(200)
    }
  }
  try {
    return fn()
  } finally {
    rmSync(LOCK, { recursive: true, force: true })
  }
}

/**
 * Builds out/main, and out/renderer when `renderer`, if stale; the build's log goes to stderr so a
 * command's stdout (`lab … --json`) stays clean. Exits the process when the build fails.
 */
export function ensureBuilt({ renderer = false } = {}) {
  const need = () => ({ main: stale('main'), renderer: renderer && stale('renderer') })
  if (!Object.values(need()).some(Boolean)) return
  locked(() => {
    // another command may have built while this one waited
    const now = need()
    if (!now.main && !now.renderer) return
    process.stderr.write(`Building ${now.renderer ? 'the app' : 'the command line'} (electron-vite build)…\n`)
    // --ignoreConfigWarning: a main-only build is meant to have no preload or renderer config
    const r = spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build', '--ignoreConfigWarning'],
      {
        cwd: root,
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, ...(now.renderer ? {} : { NALU_BUILD: 'main' }) }
      }
    )
    if (r.status !== 0) process.exit(r.status ?? 1)
  })
}
