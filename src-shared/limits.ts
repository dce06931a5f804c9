/**
 * Sizes the transports and the bundle format hold to, in one place so that the contract, the
 * socket and the importer cannot disagree. docs/limits.md explains each number.
 */

/** A bundle's text (bundles.import content, a bundle file read by the CLI): 200 MB. */
export const MAX_BUNDLE_CHARS = 200_000_000

/**
 * One WebSocket message either way: an exported bundle travels as base64 (4/3 of its text), plus an
 * envelope. About half of V8's longest string (2^29 − 24 characters), past which the server could
 * not even build the text. A bundle sent for import grows by its JSON escapes (each `"` becomes `\"`),
 * a few percent for the app's own bundles; one that grows past this is refused by the page's client.
 */
export const MAX_MESSAGE_BYTES = Math.ceil((MAX_BUNDLE_CHARS * 4) / 3) + 1024 * 1024
