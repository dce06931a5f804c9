export function compileWat(file: string): Promise<Uint8Array>
export function bytesModule(bytes: Uint8Array): string
