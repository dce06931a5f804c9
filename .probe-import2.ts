const t0 = performance.now()
await import('./src-main/training/runJob')
console.log('worker imports', (performance.now() - t0).toFixed(0), 'ms; since process start', performance.now().toFixed(0))
