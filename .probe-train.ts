import { PRESETS } from './src-main/training/presets'
import { generateConfig } from './src-main/training/problems'
import { train } from './src-main/training/trainer/train'
const preset = PRESETS.find((p) => p.name === (process.argv[2] ?? 'article'))!
const seed = Number(process.argv[3] ?? 0)
const only = process.argv[4]
const epochs = process.argv[5] ? Number(process.argv[5]) : preset.spec.training.epochs
const spec = { ...preset.spec, training: { ...preset.spec.training, epochs, ...(process.argv[6] ? { path: process.argv[6] as 'tfjs', backend: (process.argv[7] ?? 'auto') as 'wasm' } : {}) } }
const config = generateConfig(spec.problem, seed)
if (config.kind === 'pairs') console.log(config.outputs.map((o) => `${o.op}(${o.i},${o.j})`).join(' '))
for (const m of spec.models) {
  if (only && !m.units.map((u) => u.kind).join('>').includes(only)) continue
  const t = performance.now()
  const r = await train({ spec, modelSpec: m, seed, config })
  const f = r.final
  console.log(m.units.map((u) => u.kind + ((u as { variant?: string }).variant === 'article' ? '(a)' : '')).join('>'), r.status, r.error ?? '', ((performance.now() - t) / 1000).toFixed(2) + 's',
    f ? `train ${f.trainMse.toPrecision(4)} interp ${f.interpMse.toPrecision(4)} extrap ${f.extrapMse.toPrecision(4)} success ${f.success.map((s) => (s ? 1 : 0)).join('')}` : '', r.env.backend)
}
