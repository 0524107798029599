/**
 * The conformance report as data: one row per spec operation (passed / failed / skipped / not covered, the
 * level, the failing check's message), the tests with their outcome, and the verdict against a
 * known-failures baseline. Pure functions, so `seafile-conformance report` can rebuild it from the last run.
 */

/** One response a test received (suites/client/http.ts records these). */
export interface CallRecord {
  method: string
  path: string
  operation?: string
  status: number
  checked: boolean
  problems: string[]
  /** The request as a `curl` command, secrets masked. */
  curl?: string
  /** Made while the test cleaned up (suites/cleanup.ts). */
  cleanup?: boolean
}

export type TestStatus = 'passed' | 'failed' | 'timedOut' | 'skipped' | 'interrupted'
export type Level = 'core' | 'strict'

export interface TestRecord {
  /** `auth.spec.ts > auth > ping answers "pong"`: file, describe blocks and title. */
  id: string
  title: string
  file: string
  tags: string[]
  level: Level | undefined
  status: TestStatus
  durationMs: number
  /** First line of the first error (failed tests). */
  error?: string
  /** Cleanup errors that came after that first error (reported beside it, never instead of it). */
  cleanupErrors?: string[]
  /** The failure is the cleanup's own (nothing failed before it): blame the cleanup's calls. */
  failedInCleanup?: boolean
  /** The exchange the failure is about, as a `curl` command (secrets masked). */
  curl?: string
  skipReason?: string
  calls: CallRecord[]
  /** Operations the test declares it covers (annotation `covers`), called or not. */
  covers: string[]
  /** Real-server deviations the test met and tolerated at core (annotation `real-server-deviation`). */
  deviations?: string[]
}

export interface SpecOperation {
  /** `GET /api2/repos/{repo_id}/` */
  operation: string
  operationId?: string
  summary?: string
}

export type OperationStatus = 'passed' | 'failed' | 'skipped' | 'not covered'

export interface OperationRow extends SpecOperation {
  status: OperationStatus
  /** The level of the tests that decided the status (a failure in a core test outranks a strict one). */
  level?: Level
  tests: string[]
  message?: string
}

export interface Totals {
  tests: number
  passed: number
  failed: number
  skipped: number
  coreFailed: number
  strictFailed: number
  knownFailures: number
  newFailures: number
  fixed: number
  operations: Record<OperationStatus, number>
}

export interface ConformanceReport {
  generatedAt: string
  verdict: 'pass' | 'fail'
  config: Record<string, unknown>
  features?: unknown
  totals: Totals
  operations: OperationRow[]
  tests: (TestRecord & { known: boolean })[]
  newFailures: string[]
  /** Known failures that passed this time: remove them from the baseline. */
  fixed: string[]
  /** Errors outside any test (configuration, global setup, a crashed worker). */
  errors: string[]
  capabilityFailures: { capability: string; reason: string; test: string }[]
}

export interface ReportInput {
  operations: SpecOperation[]
  tests: TestRecord[]
  knownFailures?: string[]
  config?: Record<string, unknown>
  features?: unknown
  errors?: string[]
  capabilityFailures?: ConformanceReport['capabilityFailures']
  now?: Date
}

export const isFailure = (s: TestStatus) => s === 'failed' || s === 'timedOut' || s === 'interrupted'

/** A known-failures entry names a test by its id, its title, or its id without the file. */
export const matchesKnown = (test: Pick<TestRecord, 'id' | 'title'>, entry: string) =>
  entry === test.id || entry === test.title || test.id.endsWith(` > ${entry}`)

/**
 * The calls a failure is about: those whose response broke the spec, else the last one (the failing
 * assertion is almost always about the latest response). Calls made while cleaning up count only when the
 * failure is the cleanup's own.
 */
export function blamedCalls(calls: CallRecord[], failedInCleanup = false): CallRecord[] {
  const own = calls.filter((c) => !!c.cleanup === failedInCleanup)
  const pool = own.length > 0 ? own : calls
  const broken = pool.filter((c) => c.problems.length > 0)
  if (broken.length > 0) return broken
  const last = pool.at(-1)
  return last ? [last] : []
}

/** The operations a failed test is blamed on (blamedCalls). */
export function blamedOperations(test: TestRecord): string[] {
  const calls = blamedCalls(test.calls, test.failedInCleanup).filter((c) => c.operation)
  if (calls.length > 0) return [...new Set(calls.map((c) => c.operation!))]
  // No blamed call names an operation (e.g. an off-spec URL): the last one that does.
  const last = [...test.calls].reverse().find((c) => c.operation)
  return last?.operation ? [last.operation] : []
}

const LEVEL_RANK: Record<Level, number> = { core: 0, strict: 1 }

function operationRow(op: SpecOperation, tests: TestRecord[]): OperationRow {
  const touching = tests.filter(
    (t) => t.calls.some((c) => c.operation === op.operation) || t.covers.includes(op.operation),
  )
  const ids = touching.map((t) => t.id)
  const byLevel = (a: TestRecord, b: TestRecord) =>
    LEVEL_RANK[a.level ?? 'strict'] - LEVEL_RANK[b.level ?? 'strict']
  const failed = touching.filter((t) => isFailure(t.status) && blamedOperations(t).includes(op.operation))
  if (failed.length > 0) {
    const first = failed.sort(byLevel)[0]!
    const call = first.calls.find((c) => c.operation === op.operation && c.problems.length > 0)
    return {
      ...op,
      status: 'failed',
      level: first.level,
      tests: ids,
      message: call?.problems[0] ?? first.error,
    }
  }
  const called = touching.filter((t) => t.calls.some((c) => c.operation === op.operation))
  if (called.length > 0) return { ...op, status: 'passed', level: called.sort(byLevel)[0]!.level, tests: ids }
  const skipped = touching.filter((t) => t.status === 'skipped')
  if (skipped.length > 0) {
    const first = skipped.sort(byLevel)[0]!
    return { ...op, status: 'skipped', level: first.level, tests: ids, message: first.skipReason }
  }
  return { ...op, status: 'not covered', tests: ids }
}

export function buildReport(input: ReportInput): ConformanceReport {
  const known = input.knownFailures ?? []
  const tests = input.tests.map((t) => ({ ...t, known: known.some((k) => matchesKnown(t, k)) }))
  const operations = input.operations.map((op) => operationRow(op, input.tests))
  const failedTests = tests.filter((t) => isFailure(t.status))
  const newFailures = failedTests.filter((t) => !t.known).map((t) => t.id)
  const fixed = tests.filter((t) => t.known && t.status === 'passed').map((t) => t.id)
  const errors = input.errors ?? []
  const count = (s: OperationStatus) => operations.filter((o) => o.status === s).length
  const totals: Totals = {
    tests: tests.length,
    passed: tests.filter((t) => t.status === 'passed').length,
    failed: failedTests.length,
    skipped: tests.filter((t) => t.status === 'skipped').length,
    coreFailed: failedTests.filter((t) => t.level === 'core').length,
    strictFailed: failedTests.filter((t) => t.level === 'strict').length,
    knownFailures: failedTests.filter((t) => t.known).length,
    newFailures: newFailures.length,
    fixed: fixed.length,
    operations: {
      passed: count('passed'),
      failed: count('failed'),
      skipped: count('skipped'),
      'not covered': count('not covered'),
    },
  }
  return {
    generatedAt: (input.now ?? new Date()).toISOString(),
    verdict: newFailures.length === 0 && errors.length === 0 ? 'pass' : 'fail',
    config: input.config ?? {},
    features: input.features,
    totals,
    operations,
    tests,
    newFailures,
    fixed,
    errors,
    capabilityFailures: input.capabilityFailures ?? [],
  }
}

/** Parses a known-failures file: one test id or title a line; `#` comments, blank lines and `- ` ignored. */
export function parseKnownFailures(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/^\s*-\s+/, '').trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => line.replace(/^(['"])(.*)\1$/, '$2'))
}

/**
 * One line for the report: the error's first line, plus the Expected/Received lines of an expect()
 * failure (its first line alone, `expect(received).toBe(expected)`, says nothing about the server).
 */
export function summarizeError(text: string | undefined): string | undefined {
  // Playwright colours its messages; the report is plain text.
  const lines = (text ?? '')
    .replace(/\u001b\[[0-9;]*m/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
  if (lines.length === 0) return undefined
  const detail = lines.filter((l) => /^(Expected|Received)\b/.test(l)).slice(0, 2)
  return [lines[0]!, ...detail].join(' | ').slice(0, 400)
}
