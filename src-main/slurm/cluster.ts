import { execFile } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { delimiter, join } from 'node:path'
import { expandTasks } from './states'

/** What Slurm says about one array task. */
export interface TaskState {
  task: number
  /** JobState: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, NODE_FAIL, TIMEOUT, OUT_OF_MEMORY… */
  state: string
  /** why it is pending or why it ended, as Slurm words it (None when there is nothing to say) */
  reason: string
  /** exit code:signal of the batch script, e.g. 0:9 for a task killed by SIGKILL */
  exitCode: string
}

/** The Slurm commands the lab uses; one implementation runs the real ones, tests may pass fakes. */
export interface SlurmCluster {
  /** `sbatch --parsable`: the job id, or a SlurmError quoting Slurm's refusal */
  submit(script: string, args: readonly string[]): Promise<string>
  /** The job's array tasks as scontrol (while Slurm remembers the job) or sacct report them; null if neither knows it. */
  tasks(jobId: string): Promise<Map<number, TaskState> | null>
  /** `scancel` of the whole array, or of one task. */
  cancel(jobId: string, task?: number): Promise<void>
  /** the partitions and which is the default */
  partitions(): Promise<{ name: string; isDefault: boolean; state: string }[]>
}

/** A Slurm command that is missing or said no; the message is meant for the user as it is. */
export class SlurmError extends Error {}

/** Whether `command` is an executable file on PATH. */
export function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  return path
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => {
      try {
        accessSync(join(dir, command), constants.X_OK)
        return true
      } catch {
        return false
      }
    })
}

const notFound = (command: string) =>
  new SlurmError(
    `${command} was not found on PATH: run this on a machine of the Slurm cluster (a login node), after loading Slurm (e.g. \`module load slurm\`)`
  )

function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!onPath(command, env.PATH)) return Promise.reject(notFound(command))
  return new Promise((resolve, reject) => {
    execFile(command, [...args], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err && typeof (err as { code?: unknown }).code !== 'number')
        return reject(new SlurmError(`${command} could not run: ${err.message}`))
      resolve({ code: err ? Number((err as { code?: unknown }).code) : 0, stdout: String(stdout), stderr: String(stderr) })
    })
  })
}

const said = (r: { stdout: string; stderr: string }): string => (r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join(' ')

/** One `scontrol -o show job` line (one array task, or a pending range of them) as tasks. */
function parseScontrolLine(line: string): TaskState[] {
  const field = (name: string): string => new RegExp(`(?:^|\\s)${name}=(\\S*)`).exec(line)?.[1] ?? ''
  const ids = field('ArrayTaskId')
  if (!ids) return []
  return expandTasks(ids).map((task) => ({ task, state: field('JobState'), reason: field('Reason'), exitCode: field('ExitCode') }))
}

/** `sacct -P` lines of JobID|State|ExitCode; array tasks read JOB_I (pending ranges JOB_[2-5]). */
function parseSacct(out: string, jobId: string): TaskState[] {
  return out.split('\n').flatMap((line) => {
    const [id, state, exitCode] = line.trim().split('|')
    const m = new RegExp(`^${jobId.replace(/\W/g, '\\$&')}_\\[?([^\\]]+)\\]?$`).exec(id ?? '')
    if (!m || !state) return []
    // "CANCELLED by 0" → CANCELLED
    return expandTasks(m[1]).map((task) => ({ task, state: state.split(' ')[0], reason: 'None', exitCode: exitCode ?? '' }))
  })
}

export function commandLineCluster(env: NodeJS.ProcessEnv = process.env): SlurmCluster {
  return {
    async submit(script, args) {
      const r = await run('sbatch', ['--parsable', ...args, script], env)
      if (r.code !== 0) throw new SlurmError(`Slurm refused the job: ${said(r)}`)
      const id = r.stdout.trim().split('\n').pop()?.split(';')[0] ?? ''
      if (!/^\d+$/.test(id)) throw new SlurmError(`sbatch answered without a job id: ${said(r)}`)
      return id
    },
    async tasks(jobId) {
      const sc = await run('scontrol', ['-o', 'show', 'job', jobId], env)
      if (sc.code === 0 && sc.stdout.trim()) {
        return new Map(
          sc.stdout
            .trim()
            .split('\n')
            .flatMap(parseScontrolLine)
            .map((t) => [t.task, t])
        )
      }
      // a controller that cannot be reached knows nothing yet forgets nothing: the runs stay out
      // (read "forgotten", an app polling through an outage would end every run failed)
      if (sc.code !== 0 && !/invalid job id/i.test(said(sc))) throw new SlurmError(`scontrol could not ask Slurm: ${said(sc)}`)
      // Slurm forgets ended jobs after MinJobAge; the accounting database (if there is one) does not
      if (!onPath('sacct', env.PATH)) return null
      const sa = await run('sacct', ['-n', '-P', '-X', '-j', jobId, '-o', 'JobID,State,ExitCode'], env)
      if (sa.code !== 0) return null
      const tasks = parseSacct(sa.stdout, jobId)
      return tasks.length ? new Map(tasks.map((t) => [t.task, t])) : null
    },
    async cancel(jobId, task) {
      const r = await run('scancel', [task === undefined ? jobId : `${jobId}_${task}`], env)
      if (r.code !== 0) throw new SlurmError(`scancel failed: ${said(r)}`)
    },
    async partitions() {
      // asked before anything is stored: the first thing a submission needs is sbatch
      if (!onPath('sbatch', env.PATH)) throw notFound('sbatch')
      const r = await run('sinfo', ['-h', '-o', '%P|%a'], env)
      if (r.code !== 0) throw new SlurmError(`sinfo failed: ${said(r)}`)
      return r.stdout
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((line) => {
          const [p, state] = line.split('|')
          return { name: p.replace(/\*$/, ''), isDefault: p.endsWith('*'), state: state ?? '' }
        })
    }
  }
}
