/**
 * A failure report shows its cause (issue #22, point 6): with the history answering 500 and the cleanup's
 * delete answering 403, the "library lifecycle" test reports the 500 as its failure, the cleanup's 403
 * beside it, and the failed exchange as a curl command (token masked), in the terminal, the Playwright
 * output (attachment) and conformance.json / summary.md.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import type { ConformanceReport } from '../../report/summary.ts'

const ROOT = join(import.meta.dirname, '..', '..')
const reports = mkdtempSync(join(tmpdir(), 'failure-report-'))
afterAll(() => rmSync(reports, { recursive: true, force: true }))

test('the first failure, the cleanup error beside it, and the exchange as curl', { timeout: 180_000 }, () => {
  const run = spawnSync(
    process.execPath,
    [
      join(ROOT, 'bin', 'seafile-conformance.mjs'),
      'test',
      '--grep',
      'library lifecycle',
      '--reports',
      reports,
    ],
    {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 170_000,
      env: {
        ...process.env,
        CI: '',
        FORCE_COLOR: '0',
        SEAFILE_MOCK_FAULTS: 'GET /api2/repos/*/history/:status=500;DELETE /api2/repos/*/:status=403',
      },
    },
  )
  expect(run.status, run.stdout + run.stderr).toBe(1)
  const report = JSON.parse(readFileSync(join(reports, 'conformance.json'), 'utf8')) as ConformanceReport
  const lifecycle = report.tests.find((t) => t.title.startsWith('library lifecycle'))!
  expect(lifecycle.error).toMatch(/GET \/api2\/repos\/\{repo_id\}\/history\/ → 500/)
  expect(lifecycle.cleanupErrors).toEqual([expect.stringMatching(/received 403/)])
  expect(lifecycle.curl).toMatch(
    /^curl -X GET 'http:\/\/127\.0\.0\.1:\d+\/api2\/repos\/[0-9a-f-]+\/history\/\?per_page=\d+' -H "Authorization: Token \$TOKEN"/,
  )
  const summary = readFileSync(join(reports, 'summary.md'), 'utf8')
  expect(summary).toContain(lifecycle.curl)
  expect(summary).toMatch(/then the cleanup failed too: .*403/)
  // Playwright's own output: the failure is the 500, the curl is an attachment beside it.
  expect(run.stdout).toMatch(/failed-request\.sh[\s\S]*curl -X GET '[^']*\/history\//)
  expect(run.stdout).toContain('status 500 is not documented')
  expect(run.stdout).not.toMatch(/Token [0-9a-f]{40}/)
})
