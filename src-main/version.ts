import { readFileSync } from 'node:fs'
import { findProjectRoot } from './config/projectRoot'

/** The app version from package.json, read once (works from source and from the build). */
export const APP_VERSION: string = (() => {
  const pkg = JSON.parse(readFileSync(`${findProjectRoot()}/package.json`, 'utf8')) as { version?: string }
  return pkg.version ?? '0.0.0'
})()
