import { join } from 'node:path'
import { build } from 'vite'
import { wat } from '../tools/vitePlugins'

const ROOT = join(import.meta.dirname, '..')

/**
 * `entry` (a bench's child, TypeScript) bundled for plain Node into out/bench/`name`.mjs, as the
 * app's build bundles the engine (.wat assembled, `@shared` resolved; packages stay imports).
 * A child run from source instead (`--import tools/source.mjs`) measures the engine slower than
 * users run it: the loader detaches an ArrayBuffer, which switches V8's typed-array accesses to
 * their checked, slower form for the whole process (kernels/wasm.ts, sizedMemory).
 */
export async function compiledChild(entry: string, name: string): Promise<string> {
  const outDir = join(ROOT, 'out', 'bench')
  await build({
    configFile: false,
    logLevel: 'warn',
    root: ROOT,
    plugins: [wat()],
    resolve: { alias: { '@shared': join(ROOT, 'src-shared') } },
    build: {
      ssr: join(ROOT, entry),
      outDir,
      emptyOutDir: false,
      minify: false,
      target: 'node20',
      rollupOptions: { output: { entryFileNames: `${name}.mjs`, format: 'es' }, external: [/^@tensorflow\//, 'better-sqlite3', 'electron'] }
    }
  })
  return join(outDir, `${name}.mjs`)
}
