// `npm run serve -- [--port N] [--db PATH]`: build the renderer if it is missing or older than its
// sources, then start browser mode. Everything after `--` goes to src-main/serve.
import { spawnSync, spawn } from 'node:child_process'
import { existsSync, statSync, readdirSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const built = join(root, 'out', 'renderer', 'index.html')

function newest(dir) {
  let t = 0
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}
const stale = !existsSync(built) || newest(join(root, 'src-renderer')) > statSync(built).mtimeMs ||
  newest(join(root, 'src-shared')) > statSync(built).mtimeMs
if (stale) {
  process.stderr.write('Building the renderer (electron-vite build)…\n')
  const r = spawnSync(process.execPath, [join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], {
    cwd: root, stdio: ['ignore', 'ignore', 'inherit']
  })
  if (r.status !== 0) process.exit(r.status ?? 1)
}
const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main', 'serve', 'index.ts'), ...process.argv.slice(2)], {
  cwd: root, stdio: 'inherit'
})
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig))
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)))
