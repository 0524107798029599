/**
 * Tests that drive a system package (Chromium, seaf-cli, rclone). Outside CI a missing package skips them
 * with the reason; in CI (CI=true) it fails the run instead, so that a failed `apt-get` (see
 * scripts/install-test-deps.sh) never turns into green tests that never ran.
 */
import { test } from 'vitest'

export const inCI = (env: Record<string, string | undefined> = process.env): boolean =>
  !!env.CI && env.CI !== 'false' && env.CI !== '0'

/**
 * Whether the file's tests should skip (`describe.skipIf(skipWithout(missing))`): `missing` is why the
 * package cannot be used, `undefined` when it can. In CI a missing package registers a failing test instead.
 */
export function skipWithout(missing: string | undefined, env = process.env): boolean {
  if (missing === undefined) return false
  if (inCI(env))
    test('the system package these tests drive is installed', () => {
      throw new Error(`${missing} (CI=true: a missing package fails the run; scripts/install-test-deps.sh)`)
    })
  else console.warn(`skipped: ${missing}`)
  return true
}
