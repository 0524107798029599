/**
 * `npm install` warns about no install script (issue #22, point 12): every dependency with one is covered
 * by `allowScripts` (denied: neither is needed, README "Project scripts"). npm before 11.x has no such
 * check and no `install-scripts` command: then there is nothing to test.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const ls = spawnSync('npm', ['install-scripts', 'ls'], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 })
const supported = ls.status === 0

test.skipIf(!supported)('no dependency has an install script left unreviewed', () => {
  expect(ls.stdout).toContain('No packages with unreviewed install scripts')
})

test('esbuild and msw are the denied ones (their scripts are not needed)', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { allowScripts?: object }
  expect(pkg.allowScripts).toEqual({ esbuild: false, msw: false })
})
