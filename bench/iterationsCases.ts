import { ExperimentSpec, modelLabel } from '@shared/domain'
import { findPreset } from '../src-main/training/presets'
import { generateConfig } from '../src-main/training/problems'
import { train } from '../src-main/training/trainer/train'

/** The iterations bench's cases, and its child: what runs in the process it times (bench/iterations.ts). */
export interface Case {
  name: 'nau' | 'nmu' | 'nalu'
  title: string
  preset: string
  model: string
  official: number
  target: number
  /** iterations per round, relative to BENCH_ITERATIONS */
  share: number
}
export const CASES: Case[] = [
  { name: 'nau', title: 'NAU (+)', preset: 'arithmetic-add', model: 'nau→nau', official: 2200, target: 20, share: 1 },
  { name: 'nmu', title: 'NMU (×)', preset: 'arithmetic-mul', model: 'nau→nmu', official: 1900, target: 20, share: 1 },
  { name: 'nalu', title: 'NALU (×)', preset: 'arithmetic-mul', model: 'nalu→nalu', official: 1300, target: 10, share: 0.5 }
]

/** The child: one run of the case's model, steady-state it/s from its evaluation points' wall times. */
export async function child(name: string, iterations: number): Promise<void> {
  const c = CASES.find((k) => k.name === name) as Case
  const preset = findPreset(c.preset)
  if (!preset) throw new Error(`no preset ${c.preset}`)
  const spec = ExperimentSpec.parse({ ...preset.spec, training: { ...preset.spec.training, iterations } })
  const modelSpec = spec.models.find((m) => modelLabel(m) === c.model)
  if (!modelSpec) throw new Error(`no model ${c.model} in ${c.preset}`)
  // from the first evaluation point (iteration 0, after the setup) to the last: CPU time of this
  // process, which other work on a shared machine does not inflate as it does wall time
  let cpu0: NodeJS.CpuUsage | null = null
  let wall0 = 0
  let cpu: NodeJS.CpuUsage = { user: 0, system: 0 }
  let wall = 0
  const r = await train(
    { spec, modelSpec, seed: 0, config: generateConfig(spec.problem, 0) },
    {
      onEpoch: (m) => {
        if (!cpu0) {
          cpu0 = process.cpuUsage()
          wall0 = m.wallMs
        }
        cpu = process.cpuUsage(cpu0)
        wall = m.wallMs - wall0
      }
    }
  )
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  process.stdout.write(
    JSON.stringify({ itps: iterations / cpuSeconds, wallItps: iterations / (wall / 1000), backend: r.env.backend, status: r.status })
  )
}
