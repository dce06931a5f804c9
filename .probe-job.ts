import { findPreset } from './src-main/training/presets'
import { generateConfig } from './src-main/training/problems'
const p = findPreset('article')!
const spec = { ...p.spec, training: { ...p.spec.training, epochs: 3, ...(process.argv[2] ? { path: 'tfjs', backend: process.argv[2] } : {}) } }
console.log(JSON.stringify({ runId: 1, experimentId: 1, experimentName: 'x', spec, modelSpec: spec.models[2], model: 'nalu', seed: 0, config: generateConfig(spec.problem, 0) }))
