import { ExperimentSpec } from './src-shared/domain'
import { PRESETS } from './src-main/training/presets'
import { generateConfig } from './src-main/training/problems'
import { train } from './src-main/training/trainer/train'
const preset = PRESETS.find((p) => p.name === 'arithmetic-add')!
const sparsity = { lambda: 10, startEpoch: 300, endEpoch: 600 }
const spec = ExperimentSpec.parse({ ...preset.spec, models: [{ units: [{ kind: 'nau', sparsity }, { kind: 'nau', sparsity }], hidden: 2 }],
  training: { ...preset.spec.training, epochs: 1000, batchSize: 32, optimizer: { kind: 'adam', lr: 0.01 } } })
const config = generateConfig(spec.problem, 0)
console.log(JSON.stringify(config))
const r = await train({ spec, modelSpec: spec.models[0], seed: 0, config }, { onEpoch: (m) => { if (m.epoch % 100 === 0) console.log(m.epoch, m.trainMse, m.extrapMse) } })
for (const u of r.weights!.units) { const W = u.matrices[0]; for (let i = 0; i < W.rows; i++) console.log(W.data.slice(i * W.cols, (i + 1) * W.cols).map((v) => v.toFixed(3)).join(' ')) }
