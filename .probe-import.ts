for (const m of ['zod', './src-shared/domain', 'better-sqlite3', './src-main/store', './src-main/jobs', './src-main/jobs/nodeSpawner', './src-main/services/experiments', './src-main/training/presets', './src-main/config/dbPath', './src-main/cli/run']) {
  const t0 = performance.now()
  await import(m)
  console.log(m, (performance.now() - t0).toFixed(0), 'ms')
}
