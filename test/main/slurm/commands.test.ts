import { chmodSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { commandLineCluster, SlurmError } from '../../../src-main/slurm/cluster'
import { tempDir } from '../store/fixtures'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => (tmp = tempDir('nalu-slurm-bin-')))
afterEach(() => tmp.cleanup())

/** A Slurm command on a PATH of its own that says `text` on stderr and exits with `code`. */
function command(name: string, code: number, text: string): void {
  const path = join(tmp.dir, name)
  writeFileSync(path, `#!/bin/sh\necho '${text}' >&2\nexit ${code}\n`)
  chmodSync(path, 0o755)
}

describe("asking Slurm about a job's tasks", () => {
  it('a controller that cannot be reached is an error, not a job Slurm has forgotten', async () => {
    command('scontrol', 1, 'slurm_load_jobs error: Unable to contact slurm controller (connect failure)')
    command('sacct', 1, 'sacct: error: Problem talking to the database: Connection refused')
    const asked = commandLineCluster({ PATH: tmp.dir }).tasks('12')
    await expect(asked).rejects.toThrow(SlurmError)
    await expect(asked).rejects.toThrow(
      'scontrol could not ask Slurm: slurm_load_jobs error: Unable to contact slurm controller (connect failure)'
    )
  })

  it('a job scontrol no longer knows, and no accounting, reads as forgotten', async () => {
    command('scontrol', 1, 'slurm_load_jobs error: Invalid job id specified')
    expect(await commandLineCluster({ PATH: tmp.dir }).tasks('12')).toBeNull()
  })
})
