import { describe, expect, test } from 'vitest'
import { formatSummary } from './printSummary.ts'
import { buildReport, type TestRecord } from './summary.ts'

const record = (id: string, status: TestRecord['status'], error?: string): TestRecord => ({
  id,
  title: id,
  file: 'a.spec.ts',
  tags: ['@core'],
  level: 'core',
  status,
  durationMs: 1,
  calls: [],
  covers: [],
  error,
})
const files = { summaryFile: 'reports/summary.md', htmlDir: 'reports/playwright' }

describe('formatSummary', () => {
  test('lists new failures with their error and ends with FAIL', () => {
    const report = buildReport({
      operations: [],
      tests: [record('ok', 'passed'), record('bad', 'failed', 'expected 200')],
    })
    const text = formatSummary(report, files)
    expect(text).toContain('1 passed, 1 failed (1 core, 0 strict)')
    expect(text).toMatch(/✘ bad \[core\]\n\s+expected 200/)
    expect(text).toContain('FAIL  summary: reports/summary.md')
    expect(text).not.toContain('\u001b[')
  })

  test('colours only when asked and reports fixed baseline entries', () => {
    const report = buildReport({
      operations: [],
      tests: [record('was broken', 'passed')],
      knownFailures: ['was broken'],
    })
    const text = formatSummary(report, files, true)
    expect(text).toContain('\u001b[32m')
    expect(text).toContain('0 known failures, 0 new, 1 fixed')
    expect(text).toContain('✔')
  })
})
