import { PRESETS } from './src-main/training/presets'
import { generateConfig } from './src-main/training/problems'
import { train } from './src-main/training/trainer/train'
const preset = PRESETS.find((p) => p.name === process.argv[2])!
const spec = { ...preset.spec, training: { ...preset.spec.training, ...(process.argv[4] ? { epochs: Number(process.argv[4]) } : {}) } }
const config = generateConfig(spec.problem, 0)
for (const m of spec.models.filter((m) => m.units.map((u) => u.kind).join('>') === process.argv[3])) {
  const r = await train({ spec, modelSpec: m, seed: 0, config }, {})
  console.log(r.status, r.final?.extrapMse, r.final?.thresholds, r.final?.success)
  for (const u of r.weights!.units) for (const mat of u.matrices.slice(0, 3)) console.log(mat.name, mat.data.map((v) => v.toPrecision(6)).join(' '))
}
