import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { chownSync, chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir, totalmem, availableParallelism } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll } from 'vitest'
import { onPath } from '../../src-main/slurm/cluster'

/**
 * A private one-node Slurm cluster for tests, as root: its own munged (as the munge user, on its
 * own socket), slurmctld and slurmd on free ports, every file in a temp folder. Clients reach it
 * through `env` (SLURM_CONF). `stop()` cancels what is left, ends the daemons by pid and removes
 * the folder.
 */
export interface TestCluster {
  env: NodeJS.ProcessEnv
  dir: string
  partition: string
  stop(): Promise<void>
}

const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'].join(':')

/** Why the Slurm tests cannot run here, or null when they can. */
export function slurmMissing(): string | null {
  const path = `${process.env.PATH ?? ''}:${SBIN}`
  const missing = ['slurmctld', 'slurmd', 'munged', 'sbatch', 'setpriv'].filter((c) => !onPath(c, path))
  if (missing.length) return `Slurm tests skipped: ${missing.join(', ')} not installed (apt-get install slurm-wlm munge)`
  if (process.getuid?.() !== 0) return 'Slurm tests skipped: the test cluster runs its daemons as root'
  return null
}

function daemon(cmd: string, args: string[], env: NodeJS.ProcessEnv, log: string): ChildProcess {
  const out = join(log)
  writeFileSync(out, '')
  return spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'ignore'], detached: false })
}

async function waitFor(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (check()) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`test cluster: ${what} did not happen within ${ms / 1000} s`)
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return
  const gone = new Promise<void>((r) => child.once('exit', () => r()))
  process.kill(child.pid, 'SIGTERM')
  const t = setTimeout(() => child.pid !== undefined && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 10_000)
  await gone
  clearTimeout(t)
}

export async function startCluster(): Promise<TestCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'nalu-slurm-'))
  chmodSync(dir, 0o755)
  const munge = join(dir, 'munge')
  const mungeLib = join(munge, 'lib')
  mkdirSync(mungeLib, { recursive: true })
  const uid = Number(execFileSync('id', ['-u', 'munge'], { encoding: 'utf8' }).trim())
  const gid = Number(execFileSync('id', ['-g', 'munge'], { encoding: 'utf8' }).trim())
  chownSync(munge, uid, gid)
  chmodSync(munge, 0o755)
  chownSync(mungeLib, uid, gid)
  chmodSync(mungeLib, 0o700)
  for (const d of ['state', 'spool', 'log']) mkdirSync(join(dir, d))
  const socket = join(munge, 'munge.sock')
  const host = hostname().split('.')[0]
  const port = 20_000 + Math.floor(Math.random() * 20_000)
  const memMb = Math.floor(totalmem() / 2 ** 20) - 512
  const conf = join(dir, 'slurm.conf')
  writeFileSync(
    conf,
    [
      'ClusterName=nalutest',
      `SlurmctldHost=${host}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${socket}`,
      `SlurmctldPort=${port}`,
      `SlurmdPort=${port + 1}`,
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'log', 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'log', 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      'MpiDefault=none',
      'ReturnToService=2',
      'KillWait=5',
      'MinJobAge=600',
      // the scheduler looks every second (not every minute): array tasks start as soon as a CPU is free
      'SchedulerParameters=sched_interval=1',
      `NodeName=${host} CPUs=${availableParallelism()} RealMemory=${memMb} State=UNKNOWN`,
      `PartitionName=debug Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      ''
    ].join('\n')
  )
  const env = { ...process.env, SLURM_CONF: conf, PATH: `${process.env.PATH ?? ''}:${SBIN}` }
  const children: ChildProcess[] = []
  const stop = async () => {
    try {
      execFileSync('scancel', ['--full', '--quiet', '--state=PENDING'], { env, stdio: 'ignore' })
      execFileSync('scancel', ['--full', '--quiet', '--state=RUNNING'], { env, stdio: 'ignore' })
      await waitFor(
        'the end of every job',
        () => execFileSync('squeue', ['-h', '-t', 'PD,R,CG'], { env, encoding: 'utf8' }).trim() === '',
        20_000
      )
    } catch {
      // the daemons may not have come up: nothing to cancel
    }
    for (const c of children.reverse()) await end(c)
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    children.push(
      daemon(
        'setpriv',
        [
          '--reuid=munge',
          '--regid=munge',
          '--clear-groups',
          'munged',
          '-F',
          `--socket=${socket}`,
          '--key-file=/etc/munge/munge.key',
          `--pid-file=${join(munge, 'munged.pid')}`,
          `--log-file=${join(mungeLib, 'munged.log')}`,
          `--seed-file=${join(mungeLib, 'seed')}`
        ],
        env,
        join(dir, 'log', 'munged.out')
      )
    )
    await waitFor('munged', () => {
      try {
        return readFileSync(join(munge, 'munged.pid'), 'utf8').trim() !== ''
      } catch {
        return false
      }
    })
    children.push(daemon('slurmctld', ['-D', '-f', conf], env, join(dir, 'log', 'ctld.out')))
    children.push(daemon('slurmd', ['-D', '-f', conf], env, join(dir, 'log', 'd.out')))
    await waitFor('an idle node', () => {
      try {
        return execFileSync('sinfo', ['-h', '-o', '%t'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() === 'idle'
      } catch {
        return false
      }
    })
  } catch (err) {
    await stop()
    throw err
  }
  return { env, dir, partition: 'debug', stop }
}

/**
 * A test cluster for a whole test file: started before its tests (unless `missing` says it cannot
 * run) and stopped after them, with SLURM_CONF and PATH pointing at it meanwhile, as the code
 * under test finds Slurm on a login node; `dir` is a temp folder for the file's databases.
 */
export function useTestCluster(prefix: string, missing: string | null): { readonly cluster: TestCluster; readonly dir: string } {
  let cluster: TestCluster | undefined
  let dir: string | undefined
  const saved = { conf: process.env.SLURM_CONF, path: process.env.PATH }
  beforeAll(async () => {
    if (missing) return
    cluster = await startCluster()
    process.env.SLURM_CONF = cluster.env.SLURM_CONF
    process.env.PATH = cluster.env.PATH
    dir = mkdtempSync(join(tmpdir(), prefix))
  }, 60_000)
  afterAll(async () => {
    if (missing) return
    process.env.SLURM_CONF = saved.conf
    process.env.PATH = saved.path
    await cluster?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  }, 60_000)
  return {
    get cluster() {
      if (!cluster) throw new Error('the test cluster is not running')
      return cluster
    },
    get dir() {
      if (!dir) throw new Error('the test cluster is not running')
      return dir
    }
  }
}
