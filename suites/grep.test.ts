import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { grepPattern } from './grep.ts'

/** What Playwright matches --grep against: the title path joined with spaces, then the tags. */
const grepTitle = ' conformance conformance/libraries.spec.ts libraries library lifecycle: create, list @core'

test('a title copied as displayed (parts joined with ›) matches', () => {
  for (const copied of ['libraries ›', 'libraries › library lifecycle', 'libraries›library', 'lifecycle'])
    expect(grepPattern(copied).test(grepTitle), copied).toBe(true)
  expect(grepPattern('groups ›').test(grepTitle)).toBe(false)
})

test('test --list --grep with a displayed title finds the test', { timeout: 120_000 }, () => {
  const bin = join(import.meta.dirname, '..', 'bin', 'seafile-conformance.mjs')
  const run = spawnSync(
    process.execPath,
    [bin, 'test', '--list', '--grep', 'libraries › library lifecycle'],
    {
      encoding: 'utf8',
      timeout: 110_000,
    },
  )
  expect(run.stdout).toMatch(/Total: 1 test in 1 file/)
  expect(run.status).toBe(0)
})
