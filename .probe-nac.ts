import { PRESETS } from './src-main/training/presets'
import { generateConfig } from './src-main/training/problems'
import { train } from './src-main/training/trainer/train'
const preset = PRESETS.find((p) => p.name === 'article')!
for (const seed of process.argv.slice(2).map(Number)) {
  const config = generateConfig(preset.spec.problem, seed)
  if (config.kind !== 'pairs') throw new Error()
  const res = await Promise.all(preset.spec.models.map((m) => train({ spec: preset.spec, modelSpec: m, seed, config })))
  const [van, nac, nalu] = res
  const W = nac.weights!.units[0].matrices[0]
  let bad = 0, maxdev = 0
  config.outputs.forEach((o, k) => {
    if (o.op === 'mul') return
    for (let j = 0; j < 100; j++) {
      const want = j === o.i ? 1 : j === o.j ? (o.op === 'sub' ? -1 : 1) : 0
      const w = W.data[k * 100 + j]
      if (Math.round(w) !== want) bad++
      maxdev = Math.max(maxdev, Math.abs(w - want))
    }
  })
  console.log(seed, config.outputs.filter((o) => o.op === 'mul').length, 'muls', 'train', van.final!.trainMse.toFixed(1), nac.final!.trainMse.toFixed(1), nalu.final!.trainMse.toFixed(1), 'nac bad', bad, 'maxdev', maxdev.toFixed(3))
}
