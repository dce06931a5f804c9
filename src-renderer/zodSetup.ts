import { z } from 'zod'

/**
 * Imported first by main.ts, before any module that builds a schema. zod decides at a schema's
 * construction whether it may compile parsers with `new Function`, probing once; the page's CSP
 * forbids eval, and Chromium reports even that caught probe as a violation. jitless skips the probe.
 */
z.config({ jitless: true })
