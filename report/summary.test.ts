import { describe, expect, test } from 'vitest'
import { renderMarkdown } from './markdown.ts'
import {
  blamedOperations,
  buildReport,
  parseKnownFailures,
  summarizeError,
  type TestRecord,
} from './summary.ts'

const call = (operation: string, status = 200, problems: string[] = []) => ({
  method: operation.split(' ')[0]!,
  path: operation.split(' ')[1]!,
  operation,
  status,
  checked: true,
  problems,
})

const record = (over: Partial<TestRecord> & Pick<TestRecord, 'id'>): TestRecord => ({
  title: over.id.split(' > ').at(-1)!,
  file: 'x.spec.ts',
  tags: ['@core'],
  level: 'core',
  status: 'passed',
  durationMs: 1,
  calls: [],
  covers: [],
  ...over,
})

const OPS = ['GET /api2/ping/', 'GET /api2/repos/', 'POST /api2/repos/', 'DELETE /api2/repos/{repo_id}/'].map(
  (operation) => ({ operation }),
)

describe('buildReport', () => {
  test('marks operations passed, failed, skipped and not covered', () => {
    const report = buildReport({
      operations: OPS,
      tests: [
        record({ id: 'a > ping', calls: [call('GET /api2/ping/')] }),
        record({
          id: 'a > list',
          status: 'failed',
          error: 'expected name',
          calls: [call('POST /api2/repos/'), call('GET /api2/repos/')],
        }),
        record({
          id: 'a > delete',
          status: 'skipped',
          skipReason: 'feature off',
          covers: ['DELETE /api2/repos/{repo_id}/'],
        }),
      ],
    })
    const status = Object.fromEntries(report.operations.map((o) => [o.operation, o.status]))
    expect(status).toEqual({
      'GET /api2/ping/': 'passed',
      'GET /api2/repos/': 'failed',
      'POST /api2/repos/': 'passed',
      'DELETE /api2/repos/{repo_id}/': 'skipped',
    })
    expect(report.operations[1]!.message).toBe('expected name')
    expect(report.operations[3]!.message).toBe('feature off')
    expect(report.verdict).toBe('fail')
  })

  test('blames the operation whose response broke the spec, with the schema message', () => {
    const t = record({
      id: 'a > b',
      status: 'failed',
      calls: [
        call('POST /api2/repos/', 200, ['POST /api2/repos/ → 200: body does not match']),
        call('GET /api2/repos/'),
      ],
    })
    expect(blamedOperations(t)).toEqual(['POST /api2/repos/'])
    const report = buildReport({ operations: OPS, tests: [t] })
    expect(report.operations.find((o) => o.operation === 'POST /api2/repos/')!.message).toMatch(
      /does not match/,
    )
  })

  test('ranks a core failure above a strict one for the level of an operation', () => {
    const report = buildReport({
      operations: OPS,
      tests: [
        record({
          id: 's',
          level: 'strict',
          tags: ['@strict'],
          status: 'failed',
          calls: [call('GET /api2/ping/')],
        }),
        record({ id: 'c', status: 'failed', calls: [call('GET /api2/ping/')] }),
      ],
    })
    expect(report.operations[0]).toMatchObject({ status: 'failed', level: 'core' })
    expect(report.totals).toMatchObject({ coreFailed: 1, strictFailed: 1 })
  })

  test('passes when every failure is a known failure and reports the fixed ones', () => {
    const report = buildReport({
      operations: OPS,
      tests: [
        record({ id: 'f.spec.ts > group > broken', status: 'failed' }),
        record({ id: 'f.spec.ts > group > repaired' }),
      ],
      knownFailures: ['broken', 'f.spec.ts > group > repaired'],
    })
    expect(report.verdict).toBe('pass')
    expect(report.totals).toMatchObject({ failed: 1, knownFailures: 1, newFailures: 0, fixed: 1 })
    expect(report.fixed).toEqual(['f.spec.ts > group > repaired'])
  })

  test('fails on errors outside tests even when every test passed', () => {
    expect(buildReport({ operations: OPS, tests: [], errors: ['global setup failed'] }).verdict).toBe('fail')
  })
})

describe('parseKnownFailures', () => {
  test('reads ids one a line, ignoring comments, blanks, list dashes and quotes', () => {
    expect(parseKnownFailures('# baseline\n\n- "a > b"\nc\n  - d\n')).toEqual(['a > b', 'c', 'd'])
  })
})

describe('renderMarkdown', () => {
  test('writes one table row per operation and lists new failures', () => {
    const report = buildReport({
      operations: OPS,
      tests: [
        record({ id: 'a > list', status: 'failed', error: 'bad | pipe', calls: [call('GET /api2/repos/')] }),
      ],
      config: { target: 'http://h', level: 'core' },
    })
    const md = renderMarkdown(report)
    expect(md).toContain('**Verdict: FAIL**')
    expect(md).toContain('| `GET /api2/repos/` | ❌ failed | core | 1 | bad \\| pipe |')
    expect(md).toContain('## New failures')
    expect(md.match(/^\| `/gm)).toHaveLength(OPS.length)
  })
})

describe('summarizeError', () => {
  test('keeps the expected and received lines of an expect() failure on one line', () => {
    const message =
      '\u001b[31mError: expect(received).toBe(expected) // Object.is equality\u001b[39m\n\nExpected: "/docs"\nReceived: "//docs"\n\n  at x.ts:1'
    expect(summarizeError(message)).toBe(
      'Error: expect(received).toBe(expected) // Object.is equality | Expected: "/docs" | Received: "//docs"',
    )
  })

  test('returns undefined for an empty message', () => {
    expect(summarizeError('\n\n')).toBeUndefined()
  })
})
