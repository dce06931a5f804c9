// `npm start`: open the desktop app on its default database. Where the Electron binary is missing
// and cannot be fetched, say so in one sentence and point to browser mode; never a stack trace.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const dev = process.argv.includes('--dev')
const passThrough = process.argv.slice(2).filter((a) => a !== '--dev')

function fail(sentence) {
  process.stderr.write(`${sentence}\n`)
  process.exit(1)
}

// Resolving `electron` fetches the binary on first use; run it apart so its noise stays hidden.
const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
  cwd: root, encoding: 'utf8', timeout: 600_000
})
const electronPath = probe.status === 0 ? probe.stdout.trim() : ''
if (!electronPath || !existsSync(electronPath)) {
  const why = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|network/i.test(`${probe.stderr}`)
    ? 'it could not be downloaded (no network access to the Electron release host)'
    : 'it is not installed and could not be fetched'
  fail(`NALU Lab cannot open its desktop window because the Electron binary is missing and ${why}; run \`npm run serve\` to use NALU Lab in your browser instead.`)
}

const run = (args, opts = {}) => spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', ...opts })
if (run([join(root, 'scripts', 'electron-sqlite.mjs'), '--if-missing']).status !== 0) {
  fail('NALU Lab cannot start because better-sqlite3 could not be built for Electron; see the messages above (npm run rebuild:electron retries).')
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
