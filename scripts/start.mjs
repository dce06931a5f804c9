// `npm start`: open the desktop app on its default database. Where the Electron binary is missing
// and cannot be fetched, say so in one sentence, then open browser mode on the same database
// instead (`--no-fallback`: only the sentence and exit 1, for scripts); never a stack trace.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ownFlags = ['--dev', '--no-fallback']
const dev = process.argv.includes('--dev')
const fallback = !process.argv.includes('--no-fallback')
const passThrough = process.argv.slice(2).filter((a) => !ownFlags.includes(a))

function fail(sentence) {
  process.stderr.write(`${sentence}\n`)
  process.exit(1)
}

/** The flags browser mode shares with the desktop app (`--db PATH` or `--db=PATH`); the rest are Electron's. */
function serveArgs(args) {
  const out = []
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--db' && args[i + 1] !== undefined && !args[i + 1].startsWith('--')) out.push('--db', args[++i])
    else if (args[i].startsWith('--db=')) out.push(args[i])
  }
  return out
}

/** The system's "open this URL" command; silently nothing where there is none. */
function openInBrowser(url) {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  try {
    const child = spawn(cmd, args, { stdio: 'ignore', detached: true, windowsHide: true })
    child.on('error', () => {})
    child.unref()
  } catch {
    // no opener on this machine: the printed URL is enough
  }
}

/** Browser mode (scripts/serve.mjs) in the foreground: its URL printed and opened; Ctrl+C stops it. */
function startBrowserMode() {
  process.stderr.write('Starting browser mode on the same database instead; Ctrl+C stops it.\n')
  const child = spawn(process.execPath, [join(root, 'scripts', 'serve.mjs'), ...serveArgs(passThrough)], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  let opened = false
  createInterface({ input: child.stdout }).on('line', (line) => {
    process.stdout.write(`${line}\n`)
    const m = /^NALU Lab at (http:\/\/\S+)$/.exec(line)
    if (m && !opened) {
      opened = true
      openInBrowser(m[1])
    }
  })
  let stopping = false
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, () => {
      stopping = true
      child.kill(sig)
    })
  }
  child.on('exit', (code) => process.exit(stopping ? 0 : (code ?? 1)))
}

// Resolving `electron` fetches the binary on first use; run it apart so its noise stays hidden.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: root,
  encoding: 'utf8',
  timeout: 600_000
})
const electronPath = probe.status === 0 ? probe.stdout.trim() : ''
if (!electronPath || !existsSync(electronPath)) {
  const why = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|network/i.test(`${probe.stderr}`)
    ? 'it could not be downloaded (no network access to the Electron release host)'
    : 'it is not installed and could not be fetched'
  const sentence = `NALU Lab cannot open its desktop window because the Electron binary is missing and ${why}; run \`npm run serve\` to use NALU Lab in your browser instead.`
  if (!fallback) fail(sentence)
  process.stderr.write(`${sentence}\n`)
  startBrowserMode()
} else {
  const run = (args, opts = {}) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts })
  if (run([join(root, 'scripts', 'electron-sqlite.mjs'), '--if-missing']).status !== 0) {
    fail(
      'NALU Lab cannot start because better-sqlite3 could not be built for Electron; see the messages above (npm run rebuild:electron retries).'
    )
  }
  const evite = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js')
  if (dev) {
    const child = spawn(process.execPath, [evite, 'dev', '--', ...passThrough], { cwd: root, stdio: 'inherit' })
    child.on('exit', (code) => process.exit(code ?? 0))
  } else {
    if (run([evite, 'build']).status !== 0) fail('NALU Lab cannot start because the build failed; see the messages above.')
    const child = spawn(electronPath, [root, ...passThrough], { cwd: root, stdio: 'inherit' })
    child.on('exit', (code) => process.exit(code ?? 0))
  }
}
