/**
 * Where this package's own files are (the spec, the bundled seeds, the k6 template, the scripts it spawns),
 * whether the code runs from its TypeScript sources (tsx, Playwright, vitest) or from the bundle in `dist/`
 * (the published `bin` and `exports`), where a module's `import.meta.url` is a shared chunk's, not its own.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const NAME = 'seafile-conformance'

/** True in the compiled bundle (`dist/`), false when running the TypeScript sources. */
export const COMPILED = !import.meta.url.endsWith('.ts')

/** The package's root: the nearest folder above this module whose package.json is this package's. */
export const PACKAGE_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)))

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json')
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === NAME
    )
      return dir
    if (dirname(dir) === dir) throw new Error(`${NAME}: no package.json above ${from}`)
  }
}

/** A data file shipped with the package, by its path in the repository (`spec/openapi.yaml`). */
export const packageFile = (...segments: string[]): string => join(PACKAGE_ROOT, ...segments)

/**
 * A module run in its own process (a Playwright config, a child server), by its source path: the source
 * itself when running from sources, else its compiled twin in `dist/` (`dist/load/mockProcess.js`).
 */
export const ownScript = (source: string): string =>
  COMPILED ? join(PACKAGE_ROOT, 'dist', source.replace(/\.ts$/, '.js')) : join(PACKAGE_ROOT, source)

/** The package's version (package.json). */
export const packageVersion = (): string =>
  (JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string }).version
