import { ExperimentSpec } from './src-shared/domain'
import { PRESETS } from './src-main/training/presets'
import { generateConfig } from './src-main/training/problems'
import { train } from './src-main/training/trainer/train'
const [name, lr, epochs, start, end, lambda, size, bs] = process.argv.slice(2)
const preset = PRESETS.find((p) => p.name === name)!
const sparsity = { lambda: Number(lambda), startEpoch: Number(start), endEpoch: Number(end) }
const spec = ExperimentSpec.parse({ ...preset.spec, problem: { ...preset.spec.problem, train: { ...preset.spec.problem.train, size: Number(size) } },
  models: preset.spec.models.map((m) => ({ ...m, units: m.units.map((u) => (u.kind === 'nau' || u.kind === 'nmu' ? { ...u, sparsity } : u)) })),
  training: { ...preset.spec.training, epochs: Number(epochs), batchSize: Number(bs), optimizer: { kind: 'adam', lr: Number(lr) } } })
for (const seed of [0, 1, 2]) {
  const config = generateConfig(spec.problem, seed)
  const line = []
  for (const m of spec.models.slice(0, 2)) {
    const t = performance.now()
    const r = await train({ spec, modelSpec: m, seed, config })
    line.push(`${m.units.map((u) => u.kind).join('>')} ${r.status} tr ${r.final?.trainMse.toPrecision(3)} ex ${r.final?.extrapMse.toPrecision(3)} ok ${r.final?.success[0]} ${((performance.now() - t) / 1000).toFixed(1)}s`)
  }
  console.log(seed, line.join(' | '))
}
