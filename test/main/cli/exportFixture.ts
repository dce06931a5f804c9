import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { seededStore } from '../export/seededStore'

/** For a test file of `lab export`: the seeded store and an empty folder to write into, kept for the whole file. */
export function useExportFixture(outPrefix: string): { readonly db: ReturnType<typeof seededStore>; readonly out: string } {
  let db: ReturnType<typeof seededStore> | undefined
  let out: string | undefined
  beforeAll(() => {
    db = seededStore()
    out = mkdtempSync(join(tmpdir(), outPrefix))
  })
  afterAll(() => {
    db?.cleanup()
    if (out) rmSync(out, { recursive: true, force: true })
  })
  return {
    get db() {
      if (!db) throw new Error('the export fixture is made before the tests')
      return db
    },
    get out() {
      if (!out) throw new Error('the export fixture is made before the tests')
      return out
    }
  }
}
