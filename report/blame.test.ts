/** The exchange a failure is about, and cleanup errors beside the first failure (issue #22, point 6). */
import { describe, expect, test } from 'vitest'
import { renderMarkdown } from './markdown.ts'
import { blamedCalls, blamedOperations, buildReport, type CallRecord, type TestRecord } from './summary.ts'

const call = (operation: string, status: number, extra: Partial<CallRecord> = {}): CallRecord => ({
  method: operation.split(' ')[0]!,
  path: operation.split(' ')[1]!,
  operation,
  status,
  checked: true,
  problems: [],
  ...extra,
})

const calls = [
  call('POST /api2/repos/', 200),
  call('GET /api2/repos/{repo_id}/history/', 200, { curl: 'curl history' }),
  call('DELETE /api2/repos/{repo_id}/', 403, { cleanup: true, curl: 'curl delete' }),
]

describe('blame', () => {
  test("the cleanup's calls are not what a failure of the test is about", () => {
    expect(blamedCalls(calls).map((c) => c.curl)).toEqual(['curl history'])
    expect(blamedCalls(calls, true).map((c) => c.curl)).toEqual(['curl delete'])
  })

  test('a response that broke the spec is blamed first', () => {
    const broken = [
      ...calls.slice(0, 1),
      { ...calls[1]!, status: 500, problems: ['status 500'] },
      ...calls.slice(1),
    ]
    expect(blamedCalls(broken).map((c) => c.status)).toEqual([500])
  })

  test('summary.md shows the first failure, the cleanup error beside it, and the curl command', () => {
    const failed: TestRecord = {
      id: 'conformance/libraries.spec.ts > libraries > lifecycle',
      title: 'lifecycle',
      file: 'conformance/libraries.spec.ts',
      tags: ['@core'],
      level: 'core',
      status: 'failed',
      durationMs: 1,
      error: 'SpecViolation: GET /api2/repos/{repo_id}/history/ → 500',
      cleanupErrors: ['expected 200 "success": received 403'],
      curl: `curl -X GET 'http://h/api2/repos/r/history/' -H "Authorization: Token $TOKEN"`,
      calls,
      covers: [],
    }
    expect(blamedOperations(failed)).toEqual(['GET /api2/repos/{repo_id}/history/'])
    const md = renderMarkdown(buildReport({ operations: [], tests: [failed] }))
    const section = md.slice(md.indexOf('## New failures'))
    expect(section).toContain('history/ → 500')
    expect(section).toContain('then the cleanup failed too: expected 200 "success": received 403')
    expect(section).toContain(`curl -X GET 'http://h/api2/repos/r/history/' -H "Authorization: Token $TOKEN"`)
    expect(section.indexOf('→ 500')).toBeLessThan(section.indexOf('cleanup failed too'))
  })
})
