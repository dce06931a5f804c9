import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/**
 * The folder holding package.json and db/: the same answer from src-main/** under tsx and from
 * out/main/*.js after electron-vite bundles everything into one file.
 */
export function findProjectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'db'))) return dir
    const up = dirname(dir)
    if (up === dir) throw new Error(`Cannot find the NALU Lab folder (package.json and db/) above ${from}`)
    dir = up
  }
}
