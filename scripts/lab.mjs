// `npm run lab -- <command> [options]`: the command line, compiled (out/main/lab.js), built first
// when missing or older than its sources. Runs in this process: no second Node to start.
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureBuilt, root } from './build.mjs'

ensureBuilt()
const built = join(root, 'out', 'main', 'lab.js')
// lab.js runs its command when it is the script Node was started with
process.argv[1] = built
await import(pathToFileURL(built).href)
