/**
 * Code that runs from the bundle (dist/: the CLI, the mock, load, the suites, the reporter) must not find
 * files relative to its own module: there `import.meta.url` is a shared chunk's, in dist/chunks/. Package
 * files come from spec/packageFiles.ts (`packageFile`, `ownScript`); `createRequire(import.meta.url)`, which
 * resolves packages from node_modules upwards, works from either place.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')
const BUNDLED = ['cli', 'mock', 'load', 'spec', 'suites', 'report']
/** The modules that look at their own URL on purpose (to tell sources from the bundle). */
const ALLOWED = ['spec/packageFiles.ts', 'mock/msw.ts', 'suites/playwright.config.ts']

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    .map((f) => join(dir, f))
    .filter((f) => !f.startsWith(join('spec', 'tools')) && !f.includes('testing'))
}

test('bundled code finds package files through spec/packageFiles.ts, not relative to its module', () => {
  const offenders = BUNDLED.flatMap(sources)
    .filter((f) => !ALLOWED.includes(f))
    .flatMap((f) =>
      readFileSync(join(ROOT, f), 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${f}:${i + 1}`, line }))
        .filter(
          ({ line }) =>
            /import\.meta\.(dirname|filename|url)/.test(line) &&
            !/createRequire\(import\.meta\.url\)/.test(line),
        ),
    )
    .map(({ where, line }) => `${where}: ${line.trim()}`)
  expect(offenders).toEqual([])
})
