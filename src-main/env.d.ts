// Imports the build resolves (tools/vitePlugins.ts, and tools/hooks.mjs for sources run by Node).

/** A WebAssembly text module, assembled at build time: its binary. */
declare module '*.wat' {
  const bytes: Uint8Array
  export default bytes
}

/** A file's text (Vite's ?raw). */
declare module '*?raw' {
  const text: string
  export default text
}

/** The absolute path of a module built as an entry of its own, to start as a process or thread. */
declare module '*?entry' {
  const file: string
  export default file
}
