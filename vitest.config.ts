import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import { resolve } from 'node:path'
import { entries, wat } from './tools/vitePlugins'

// `@shared/…` is src-shared, as in tsconfig paths and electron.vite.config.ts
const shared = { alias: { '@shared': resolve(import.meta.dirname, 'src-shared') } }

export default defineConfig({
  test: {
    // the JSON report lets .ci/run print one plain "N passed, N failed" line at the end
    reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
    projects: [
      {
        // the kernels' .wat and ?entry imports, resolved as the build resolves them
        plugins: [wat(), entries()],
        resolve: shared,
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/main/**/*.test.ts', 'test/shared/**/*.test.ts'],
          testTimeout: 60_000,
          // loading tfjs in a beforeAll takes seconds on a loaded 2-core machine: the same bound as a test
          hookTimeout: 60_000,
          // forks, not threads: better-sqlite3 and tfjs-wasm behave best one per process
          pool: 'forks'
        }
      },
      {
        plugins: [vue()],
        resolve: shared,
        test: {
          name: 'renderer',
          environment: 'jsdom',
          include: ['test/renderer/**/*.test.ts'],
          setupFiles: ['test/renderer/support/setup.ts']
        }
      },
      {
        plugins: [wat(), entries()],
        resolve: shared,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          fileParallelism: false
        }
      }
    ]
  }
})
