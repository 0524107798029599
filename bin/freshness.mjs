// Whether dist/ is the build of the sources beside it. The published package ships dist/ without the
// sources (no cli/main.ts): current. A checkout: current when no source listed in dist/inputs.json (every
// file the build read, and their folders, where a new file shows) is newer than that list. A stat per
// source (~250), a few milliseconds.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** @param {URL} root the package root (a directory URL ending in /) */
export function distIsCurrent(root) {
  const list = fileURLToPath(new URL('dist/inputs.json', root))
  if (!existsSync(fileURLToPath(new URL('dist/cli/main.js', root))) || !existsSync(list)) return false
  if (!existsSync(fileURLToPath(new URL('cli/main.ts', root)))) return true
  const built = statSync(list).mtimeMs
  /** @type {string[]} */
  const inputs = JSON.parse(readFileSync(list, 'utf8'))
  for (const input of inputs) {
    const stat = statSync(fileURLToPath(new URL(input, root)), { throwIfNoEntry: false })
    if (stat && stat.mtimeMs > built) return false
  }
  return true
}
