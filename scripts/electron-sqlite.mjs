// Build better-sqlite3 for Electron's ABI into .electron-native/<electron version>/, leaving the
// Node build in node_modules untouched: `npm test` (Node) and `npm start` (Electron) then work in
// either order without rebuilding each other. The app loads it through better-sqlite3's
// `nativeBinding` option (src-main/app/nativeSqlite.ts).
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, copyFileSync } from 'node:fs'
import { join, dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version
const outDir = join(root, '.electron-native', electronVersion)
const target = join(outDir, 'better_sqlite3.node')

if (process.argv.includes('--if-missing') && existsSync(target)) process.exit(0)

const src = dirname(require.resolve('better-sqlite3/package.json'))
const work = join(root, '.electron-native', 'build', 'better-sqlite3')
rmSync(work, { recursive: true, force: true })
mkdirSync(dirname(work), { recursive: true })
cpSync(src, work, { recursive: true, filter: (p) => !p.includes(`${join(src, 'build')}`) })

const env = {
  ...process.env,
  npm_config_runtime: 'electron',
  npm_config_target: electronVersion,
  npm_config_disturl: 'https://electronjs.org/headers'
}
const sh = (cmd, args) => spawnSync(cmd, args, { cwd: work, stdio: 'inherit', env, shell: process.platform === 'win32' })
process.stderr.write(`Building better-sqlite3 for Electron ${electronVersion}…\n`)
// a prebuilt binary when one is published for this Electron, else a compile against its headers
let ok = sh('npx', ['--yes', 'prebuild-install', '--runtime', 'electron', '--target', electronVersion]).status === 0
if (!ok)
  ok =
    sh('npx', [
      '--yes',
      'node-gyp',
      'rebuild',
      '--release',
      '--runtime=electron',
      `--target=${electronVersion}`,
      '--dist-url=https://electronjs.org/headers'
    ]).status === 0
const built = join(work, 'build', 'Release', 'better_sqlite3.node')
if (!ok || !existsSync(built)) {
  process.stderr.write(
    'Could not build better-sqlite3 for Electron (it needs the Electron headers or a prebuilt binary from the network).\n'
  )
  process.exit(1)
}
mkdirSync(outDir, { recursive: true })
copyFileSync(built, target)
process.stderr.write(`better-sqlite3 for Electron ${electronVersion}: ${target}\n`)
