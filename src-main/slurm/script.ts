import { join } from 'node:path'
import taskFile from './taskMain?entry'
import { findProjectRoot } from '../config/projectRoot'

export interface ScriptOptions {
  experimentId: number
  dir: string
  tasks: number
  partition?: string
  /** HH:MM:SS, D-HH:MM:SS or minutes, as sbatch --time takes it */
  time?: string
  /** array tasks running at once (sbatch --array=…%N) */
  maxParallel?: number
  /** shell lines run before training, e.g. `module load nodejs/20` */
  setup?: readonly string[]
}

/** How a compute node starts a task: the same Node, the task's own entry (a build chunk, or the source's stand-in). */
export function taskCommand(): string[] {
  return [process.execPath, taskFile]
}

/** Single-quoted for the shell. */
export const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`

/** The sbatch script of a submission: one array task per share of the plan. */
export function jobScript(o: ScriptOptions, command: string[] = taskCommand()): string {
  const lines = [
    '#!/bin/bash',
    `#SBATCH --job-name=nalu-lab-${o.experimentId}`,
    `#SBATCH --array=0-${o.tasks - 1}${o.maxParallel ? `%${o.maxParallel}` : ''}`,
    '#SBATCH --ntasks=1',
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${join(o.dir, 'task-%a.log')}`,
    ...(o.partition ? [`#SBATCH --partition=${o.partition}`] : []),
    ...(o.time ? [`#SBATCH --time=${o.time}`] : []),
    '# Written by NALU Lab. Each array task trains its share of the runs in plan.json into its own',
    '# SQLite shard in this folder; `npm run lab -- collect` brings the results into the database.',
    ...(o.setup ?? []),
    `cd ${shellQuote(findProjectRoot())}`,
    `exec ${command.map(shellQuote).join(' ')} --dir ${shellQuote(o.dir)} --task "$SLURM_ARRAY_TASK_ID"`,
    ''
  ]
  return lines.join('\n')
}
