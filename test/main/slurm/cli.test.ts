import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { main } from '../../../src-main/cli/index'
import { runOnSlurm, slurmCommand, takeClusterFlags } from '../../../src-main/cli/slurm'
import { commandLineCluster } from '../../../src-main/slurm/cluster'
import { jobScript } from '../../../src-main/slurm/script'
import { describeEnd, expandTasks } from '../../../src-main/slurm/states'
import { openStore } from '../../../src-main/store'
import { tempDir } from '../store/fixtures'
import { FakeCluster } from '../../helpers/slurmFake'

let tmp: ReturnType<typeof tempDir>
beforeEach(() => void (tmp = tempDir('nalu-slurm-cli-')))
afterEach(() => tmp.cleanup())

function io() {
  const out = { stdout: '', stderr: '' }
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s) } }
}

const RUN = ['--preset', 'article', '--models', 'nac,nalu:article', '--epochs', '3', '--seed', '4']

describe('lab run --on slurm', () => {
  it('submits the experiment as an array job and, with --detach, returns with the runs queued on it', async () => {
    const cluster = new FakeCluster()
    const db = join(tmp.dir, 'lab.db')
    const { out, io: cio } = io()
    const code = await runOnSlurm(
      [
        ...RUN,
        '--db',
        db,
        '--on',
        'slurm',
        '--max-parallel',
        '1',
        '--sbatch-arg',
        '--account=nalu',
        '--sbatch-arg=--mem=1G',
        '--task-setup',
        'module load nodejs/20',
        '--detach'
      ],
      cio,
      cluster
    )
    expect(code).toBe(0)
    expect(cluster.submitted.map((s) => s.args)).toEqual([['--account=nalu', '--mem=1G']])
    expect(out.stderr).toMatch(
      /^Submitted 2 run\(s\) of experiment 1 as Slurm job 100 \(2 array task\(s\)\); shards in .*lab\.db\.slurm\/experiment-1\/1\n/
    )
    expect(out.stdout).toMatch(/ 1 +nac +4 +queued +0\/3 +100_0 +PENDING/)
    const listed = io()
    expect(await main(['list', '--db', db], listed.io)).toBe(0)
    expect(listed.out.stdout).toMatch(/ nalu\(article\) +4 +queued · slurm 100_1 PENDING +0\/3 /)
    const store = openStore(db)
    expect(store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).rows.map((r) => r.status)).toEqual(['queued', 'queued'])
    store.close()
  })

  it('with --json prints the runs with their Slurm task as one JSON array', async () => {
    const { out, io: cio } = io()
    expect(await runOnSlurm([...RUN, '--db', join(tmp.dir, 'j.db'), '--on', 'slurm', '--detach', '--json'], cio, new FakeCluster())).toBe(0)
    const runs = JSON.parse(out.stdout) as { id: number; status: string; slurm: { jobId: string; task: number; state: string } }[]
    expect(runs.map((r) => [r.id, r.status, r.slurm.jobId, r.slurm.task, r.slurm.state])).toEqual([
      [1, 'queued', '100', 0, 'PENDING'],
      [2, 'queued', '100', 1, 'PENDING']
    ])
  })

  it('prints its usage for `slurm --help`, as the run usage promises, and refuses an unknown subcommand before opening anything', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['submit', '--help']]) {
      const { out, io: cio } = io()
      expect(await main(['slurm', ...argv], cio)).toBe(0)
      expect(out.stdout).toMatch(/^Usage: npm run lab -- slurm <submit\|cancel>/)
      expect(out.stderr).toBe('')
    }
    const { out, io: cio } = io()
    expect(await main(['slurm', 'status', '--experiment', '1', '--db', join(tmp.dir, 'none.db')], cio)).toBe(2)
    expect(out.stderr).toBe('slurm: unknown subcommand "status" (submit or cancel)\n')
    expect(existsSync(join(tmp.dir, 'none.db'))).toBe(false)
  })

  it.each([
    [['--on', 'pbs'], /^run: --on must be "slurm" \(or leave it out to train here\), got "pbs"\n$/],
    [['--on', 'slurm', '--time', 'soon'], /^run: --time must read like 30, 02:00:00 or 1-12:00:00, got "soon"\n$/],
    [['--on', 'slurm', '--max-parallel', '0'], /^run: --max-parallel must be .*"0"\n$/],
    [['--on', 'slurm', '--partition'], /^run: --partition needs a value\n$/],
    [['--on', 'slurm', '--epochs', 'x'], /^run: --epochs must be .*"x"\n$/]
  ])('refuses %j with exit 2 and one line', async (flags, message) => {
    const { out, io: cio } = io()
    expect(await main(['run', '--preset', 'article', '--db', join(tmp.dir, 'x.db'), ...flags], cio)).toBe(2)
    expect(out.stderr).toMatch(message)
    expect(out.stderr.trim().split('\n')).toHaveLength(1)
  })

  it('says so when Slurm is not installed here, and stores nothing', async () => {
    const db = join(tmp.dir, 'none.db')
    const { out, io: cio } = io()
    expect(await runOnSlurm([...RUN, '--db', db, '--on', 'slurm'], cio, commandLineCluster({ PATH: join(tmp.dir, 'bin') }))).toBe(1)
    expect(out.stderr).toBe(
      'run: sbatch was not found on PATH: run this on a machine of the Slurm cluster (a login node), after loading Slurm (e.g. `module load slurm`)\n'
    )
    const store = openStore(db)
    expect(store.listRuns({ sort: 'id', dir: 'asc', offset: 0, limit: 10 }).total).toBe(0)
    store.close()
  })

  it("a refused submission leaves the runs failed with Slurm's words; re-submitting sends them again", async () => {
    const cluster = new FakeCluster()
    cluster.refuse = 'sbatch: error: Batch job submission failed: Invalid account or account/partition combination specified'
    const db = join(tmp.dir, 'lab.db')
    const first = io()
    expect(await runOnSlurm([...RUN, '--db', db, '--on', 'slurm', '--detach'], first.io, cluster)).toBe(1)
    expect(first.out.stderr).toBe(`run: Slurm refused the job: ${cluster.refuse}\n`)
    cluster.refuse = null
    const again = io()
    expect(await slurmCommand(['submit', '--experiment', '1', '--db', db, '--detach'], again.io, cluster)).toBe(0)
    expect(again.out.stdout).toMatch(/ 2 +nalu\(article\) +4 +queued +0\/3 +100_1 +PENDING/)
    const nothing = io()
    expect(await slurmCommand(['submit', '--experiment', '1', '--db', db, '--detach'], nothing.io, cluster)).toBe(1)
    expect(nothing.out.stderr).toMatch(/^slurm submit: experiment 1 has no run to send to Slurm/)
  })

  it('cancel sends scancel for the array or one task', async () => {
    const cluster = new FakeCluster()
    const db = join(tmp.dir, 'lab.db')
    await runOnSlurm([...RUN, '--db', db, '--on', 'slurm', '--detach'], io().io, cluster)
    cluster.set('100', [0, 1], 'CANCELLED')
    const c = io()
    expect(await slurmCommand(['cancel', '--experiment', '1', '--task', '1', '--db', db], c.io, cluster)).toBe(0)
    expect(cluster.cancelled).toEqual([{ jobId: '100', task: 1 }])
    expect(c.out.stdout).toMatch(/ 2 +nalu\(article\) +4 +cancelled +0\/3 +100_1 +CANCELLED/)
    expect(await slurmCommand(['cancel', '--experiment', '1', '--task', '5', '--db', db], io().io, cluster)).toBe(2)
  })
})

describe("the job script and Slurm's words", () => {
  it('one array task per share, the limits asked for, and the task entry with its folder', () => {
    const s = jobScript(
      {
        experimentId: 7,
        dir: "/shared/it's here",
        tasks: 4,
        maxParallel: 2,
        partition: 'short',
        time: '1-00:00:00',
        setup: ['module load nodejs']
      },
      ['/opt/node', '/app/task.js']
    )
    expect(s.split('\n').filter((l) => l.startsWith('#SBATCH'))).toEqual([
      '#SBATCH --job-name=nalu-lab-7',
      '#SBATCH --array=0-3%2',
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=1',
      "#SBATCH --output=/shared/it's here/task-%a.log",
      '#SBATCH --partition=short',
      '#SBATCH --time=1-00:00:00'
    ])
    expect(s).toContain('\nmodule load nodejs\n')
    expect(s.trim().split('\n').at(-1)).toBe(`exec '/opt/node' '/app/task.js' --dir '/shared/it'\\''s here' --task "$SLURM_ARRAY_TASK_ID"`)
  })

  it('reads array ranges and describes how a task ended', () => {
    expect(expandTasks('0-3%2')).toEqual([0, 1, 2, 3])
    expect(expandTasks('1,4-5,8-12:2')).toEqual([1, 4, 5, 8, 10, 12])
    expect(describeEnd('NODE_FAIL', 'None', '0:0')).toBe('its node failed')
    expect(describeEnd('FAILED', 'NonZeroExitCode', '3:0')).toBe('it ended FAILED, exit code 3 (NonZeroExitCode)')
    expect(describeEnd('TIMEOUT', 'None', '0:15')).toBe('it reached its time limit (--time)')
  })

  it('takes the cluster flags out of a command line and leaves the rest', () => {
    expect(
      takeClusterFlags(['--preset', 'article', '--on=slurm', '--sbatch-arg', '-A', '--sbatch-arg=--qos=low', '--detach'], 'run')
    ).toEqual({
      flags: { on: ['slurm'], 'sbatch-arg': ['-A', '--qos=low'], detach: true },
      rest: ['--preset', 'article']
    })
  })
})
