// The iterations bench's child, bundled by bench/compiled.ts: `node out/bench/iterationsChild.mjs nau|nmu|nalu ITERATIONS`.
import { child } from './iterationsCases'

await child(process.argv[2], Number(process.argv[3]))
