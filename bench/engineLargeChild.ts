// The large problem's child of bench/engine.ts, bundled by bench/compiled.ts: `node out/bench/engineLargeChild.mjs f32|f64`.
import { largeChild } from './engineLarge'

await largeChild(process.argv[2] === 'f32' ? 'f32' : 'f64')
