import { version } from '../package.json'

/** The app version from package.json, read at build time (works from source and from the build). */
export const APP_VERSION: string = version
