import { startTestServer } from './serverFixture'

/**
 * The browser server in a process of its own, so that a test can tell a crash (the process exits)
 * from a refusal: in a vitest worker an uncaught error is caught by the runner and the server lives on.
 * Prints {port, token} once listening.
 */
const { server } = await startTestServer((router) => {
  router.handle('runs.get', () => {
    throw new Error('handler failure')
  })
  // stands in for a run whose series is longer than V8's longest string (outDim 1000, 20,000 epochs)
  router.handle(
    'runs.series',
    () =>
      [
        {
          toJSON: () => {
            throw new RangeError('Invalid string length')
          }
        }
      ] as never
  )
  router.handle('runs.facets', () => ({ models: [10n], presets: [], tags: [] }) as never)
})
process.stdout.write(`${JSON.stringify({ port: server.port, token: server.token, url: server.url })}\n`)
