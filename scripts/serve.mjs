// `npm run serve -- [--port N] [--db PATH]`: browser mode, compiled (out/main/serve.js and
// out/renderer), built first when missing or older than their sources. Everything after `--`
// goes to src-main/serve. Runs in this process, so Ctrl+C and SIGTERM reach the server directly.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureBuilt, root } from './build.mjs'

ensureBuilt({ renderer: true })
await import(pathToFileURL(join(root, 'out', 'main', 'serve.js')).href)
