import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'
import { entries, wat } from './tools/vitePlugins'

const root = import.meta.dirname
// `@shared/…` is src-shared, for every process (tsconfig paths, vitest and tools/hooks.mjs say the same)
const resolveShared = { alias: { '@shared': resolve(root, 'src-shared') } }

// zod ships comments Rollup cannot place; the warning is noise, anything else still shows.
const quiet = {
  onwarn(warning: { code?: string; message: string }, warn: (w: { code?: string; message: string }) => void) {
    if (warning.code !== 'INVALID_ANNOTATION') warn(warning)
  }
}

// `NALU_BUILD=main` builds only out/main (the CLI, browser mode's server, the workers): what
// `npm run lab` needs, without the renderer's longer build.
const mainOnly = process.env.NALU_BUILD === 'main'

export default defineConfig({
  main: {
    resolve: resolveShared,
    // the kernels' .wat (assembled here) and the `?entry` imports of the processes and threads
    plugins: [wat(), entries()],
    build: {
      outDir: 'out/main',
      // Built on demand while other commands may be running from it (scripts/build.mjs): old chunks
      // stay (their hashed names never clash) so a running process can still load its lazy imports.
      emptyOutDir: false,
      // Optional packages loaded with a dynamic import (native addons): electron-vite externalises only
      // `dependencies`, so they are named here or the build tries to bundle them and breaks.
      // zod and chart.js (ES modules) are bundled instead: Node 20 loads zod's 106 files 0.03 s of
      // CPU (0.06 s wall) slower than the same code in one chunk, on every command's start
      // (docs/store.md, "Start-up"). Not ws: bundled, its optional `require('bufferutil')` no longer
      // throws, and it calls an empty object's functions.
      externalizeDeps: { include: ['@tensorflow/tfjs-node', '@napi-rs/canvas'], exclude: ['zod', 'chart.js'] },
      rollupOptions: {
        ...quiet,
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          // the command line (`npm run lab`) and browser mode (`npm run serve`) run this build too
          lab: resolve(root, 'src-main/cli/index.ts'),
          serve: resolve(root, 'src-main/serve/index.ts'),
          // the training process the app starts with utilityProcess.fork (the CLI and browser mode
          // fork it through nodeSpawner's `?entry` import, which names this same chunk)
          worker: resolve(root, 'src-main/training/worker.ts')
        }
      }
    }
  },
  preload: mainOnly
    ? undefined
    : {
        resolve: resolveShared,
        build: {
          outDir: 'out/preload',
          // A sandboxed preload cannot require npm packages or ESM: bundle everything into one CJS file.
          externalizeDeps: false,
          rollupOptions: {
            ...quiet,
            input: { index: resolve(root, 'src-main/app/preload.ts') },
            output: { format: 'cjs', entryFileNames: '[name].cjs' }
          }
        }
      },
  renderer: mainOnly
    ? undefined
    : {
        resolve: resolveShared,
        root: resolve(root, 'src-renderer'),
        plugins: [vue()],
        build: {
          outDir: resolve(root, 'out/renderer'),
          rollupOptions: { ...quiet, input: { index: resolve(root, 'src-renderer/index.html') } },
          chunkSizeWarningLimit: 2000,
          minify: true
        }
      }
})
