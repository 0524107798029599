/**
 * Finds Redoc's standalone bundle in node_modules: the `redoc` package if installed, else the copy
 * `@redocly/cli` ships (the same Redoc 3, an ES module exporting `init`). Never a CDN.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const CANDIDATES: [pkg: string, file: string][] = [
  ['redoc', 'bundles/redoc.standalone.js'],
  ['@redocly/cli', 'lib/chunks/redoc.standalone.js'],
]

/** The bundle's path, or `undefined` when neither package is installed. */
export function findRedocBundle(): string | undefined {
  const require = createRequire(import.meta.url)
  for (const [pkg, file] of CANDIDATES) {
    try {
      const path = join(dirname(require.resolve(`${pkg}/package.json`)), file)
      if (existsSync(path)) return path
    } catch {
      // Not installed (or its exports hide package.json): try the next.
    }
  }
  return undefined
}
