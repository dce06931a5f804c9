import { createRequire, register } from 'node:module'
import { pathToFileURL } from 'node:url'

/*
 * tfjs-core's Node build (dist/tf-core.node.js) has every op but registers no gradient, nor the
 * chained tensor methods (x.reshape()) some gradients call: only the @tensorflow/tfjs bundle
 * carries them, and it brings layers, converter, data and WebGL along (over 200 MB). Both also
 * ship in tfjs-core's ES-module build, which Node's loader refuses on two counts: its package is
 * not marked as ESM and its relative imports omit `.js`. These hooks settle both, for files in
 * that one folder only.
 */
const HOOKS = `
const DIST = '/@tensorflow/tfjs-core/dist/'
export async function resolve(specifier, context, next) {
  if (context.parentURL?.includes(DIST) && specifier.startsWith('.') && !specifier.endsWith('.js')) {
    return next(specifier + '.js', context)
  }
  return next(specifier, context)
}
export async function load(url, context, next) {
  return next(url, url.includes(DIST) && url.endsWith('.js') ? { ...context, format: 'module' } : context)
}
`

let loaded: Promise<void> | null = null

const SIDE_EFFECTS = ['register_all_gradients.js', 'public/chained_ops/register_all_chained_ops.js']

/**
 * Registers tfjs's gradient functions and chained methods (once per process) with the engine and
 * Tensor class the Node build created: both copies of tfjs-core share them through globals, as
 * the tfjs bundle's copy does.
 */
export function registerTfGradients(): Promise<void> {
  loaded ??= (async () => {
    try {
      register(`data:text/javascript,${encodeURIComponent(HOOKS)}`)
      const require = createRequire(import.meta.url)
      for (const file of SIDE_EFFECTS) {
        await import(/* @vite-ignore */ pathToFileURL(require.resolve(`@tensorflow/tfjs-core/dist/${file}`)).href)
      }
    } catch (err) {
      loaded = null
      const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
      throw new Error(`The tfjs path could not load tfjs-core's gradients here (${why}); the fused path does not need them`)
    }
  })()
  return loaded
}
