/** The two Electron IPC channel names; the contract's channels travel inside them. */
export const INVOKE = 'nalu:invoke'
export const EVENT = 'nalu:event'
