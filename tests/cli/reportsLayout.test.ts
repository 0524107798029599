/** `reports/` is run output only: no tracked file lives there (issue #22, point 11). */
import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, test } from 'vitest'

const ROOT = join(import.meta.dirname, '..', '..')

test('git tracks nothing under reports/', () => {
  const tracked = execFileSync('git', ['ls-files', 'reports'], { cwd: ROOT, encoding: 'utf8' })
  expect(tracked.trim()).toBe('')
})
