import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import vue from '@vitejs/plugin-vue'

const root = import.meta.dirname

// zod ships comments Rollup cannot place; the warning is noise, anything else still shows.
const quiet = {
  onwarn(warning: { code?: string; message: string }, warn: (w: { code?: string; message: string }) => void) {
    if (warning.code !== 'INVALID_ANNOTATION') warn(warning)
  }
}

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Optional packages loaded with a dynamic import (native addons): electron-vite externalises only
      // `dependencies`, so they are named here or the build tries to bundle them and breaks.
      externalizeDeps: { include: ['@tensorflow/tfjs-node', '@napi-rs/canvas'] },
      rollupOptions: {
        ...quiet,
        input: {
          index: resolve(root, 'src-main/app/main.ts'),
          // the training process the app starts with utilityProcess.fork
          worker: resolve(root, 'src-main/training/worker.ts'),
          // figure exports are drawn on a worker thread, off Electron's main thread
          figureWorker: resolve(root, 'src-main/export/figureWorker.ts')
        }
      }
    }
  },
  preload: {
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
  renderer: {
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
