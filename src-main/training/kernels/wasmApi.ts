/**
 * The slice of the WebAssembly JS API the kernels use. The Node-side TypeScript config carries no
 * DOM lib (where its types live), so it is typed here; null where the runtime has none.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
export type WasmModule = object
export interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule
  Instance: new (module: WasmModule, imports: object) => { exports: Record<string, unknown> }
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory
  validate(bytes: Uint8Array): boolean
}

export const wasmApi: WasmApi | null = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly ?? null
