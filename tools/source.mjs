// `node --import ./tools/source.mjs file.ts` runs the TypeScript sources without a build: tsx,
// plus the imports the build resolves (tools/hooks.mjs). For benches and the processes tests start;
// users run the build (out/main).
import { register } from 'node:module'
import { register as registerTsx } from 'tsx/esm/api'

registerTsx()
// registered after tsx, so these hooks see .wat, ?raw and ?entry before it does
register('./hooks.mjs', import.meta.url)
