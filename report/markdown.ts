/** summary.md: the conformance report for people (the same data as conformance.json). */
import type { ConformanceReport, OperationRow } from './summary.ts'

const cell = (s: string | undefined) =>
  (s ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\s*\n\s*/g, ' ')
    .slice(0, 240)

const STATUS_MARK: Record<OperationRow['status'], string> = {
  passed: '✅ passed',
  failed: '❌ failed',
  skipped: '⏭️ skipped',
  'not covered': '· not covered',
}

export function renderMarkdown(report: ConformanceReport): string {
  const t = report.totals
  const config = report.config as Record<string, unknown>
  const features = report.features as
    | { profile?: string; version?: string; enabled?: Record<string, boolean> }
    | undefined
  const lines = [
    '# Seafile conformance summary',
    '',
    `**Verdict: ${report.verdict === 'pass' ? 'PASS' : 'FAIL'}** — ${t.passed} passed, ${t.failed} failed ` +
      `(${t.coreFailed} core, ${t.strictFailed} strict; ${t.knownFailures} known), ${t.skipped} skipped, ` +
      `${t.tests} tests.`,
    '',
    `- Target: ${config.target ?? '(embedded mock)'}`,
    `- Level: ${config.level ?? 'core'}; profile: ${features?.profile ?? config.profile ?? 'auto'}` +
      (features?.version ? `; server version ${features.version}` : ''),
    `- Features: ${
      features?.enabled
        ? Object.entries(features.enabled)
            .map(([k, v]) => `${k} ${v ? 'on' : 'off'}`)
            .join(', ')
        : 'unknown'
    }`,
    `- Operations: ${t.operations.passed} passed, ${t.operations.failed} failed, ${t.operations.skipped} skipped, ` +
      `${t.operations['not covered']} not covered (of ${report.operations.length} in the spec)`,
    `- Generated: ${report.generatedAt}`,
    '',
  ]
  if (report.errors.length > 0)
    lines.push('## Errors outside tests', '', ...report.errors.map((e) => `- ${cell(e)}`), '')
  if (report.newFailures.length > 0)
    lines.push('## New failures', '', ...report.newFailures.map((id) => failureLine(report, id)), '')
  if (report.fixed.length > 0)
    lines.push(
      '## Fixed (listed as known failures, now passing)',
      '',
      ...report.fixed.map((id) => `- ${cell(id)}`),
      '',
    )
  if (report.capabilityFailures.length > 0)
    lines.push(
      '## Failed capabilities (dependent tests were skipped)',
      '',
      ...report.capabilityFailures.map(
        (c) => `- **${c.capability}** in "${cell(c.test)}": ${cell(c.reason)}`,
      ),
      '',
    )
  lines.push(
    '## Operations',
    '',
    '| Operation | Status | Level | Tests | Check |',
    '| --- | --- | --- | --- | --- |',
  )
  for (const row of report.operations)
    lines.push(
      `| \`${row.operation}\`${row.operationId ? ` (${row.operationId})` : ''} | ${STATUS_MARK[row.status]} | ` +
        `${row.level ?? ''} | ${row.tests.length} | ${cell(row.message)} |`,
    )
  const tolerated = report.tests.filter((x) => x.deviations?.length)
  if (tolerated.length > 0)
    lines.push(
      '',
      '## Real-server deviations tolerated at core (docs/real-server-findings.md)',
      '',
      ...tolerated.map((x) => `- ${cell(x.id)}: ${cell(x.deviations!.join(', '))}`),
    )
  const skipped = report.tests.filter((x) => x.status === 'skipped')
  if (skipped.length > 0)
    lines.push(
      '',
      '## Skipped tests',
      '',
      ...skipped.map((x) => `- ${cell(x.id)}: ${cell(x.skipReason ?? '(no reason)')}`),
    )
  return lines.join('\n') + '\n'
}

function failureLine(report: ConformanceReport, id: string): string {
  const test = report.tests.find((x) => x.id === id)
  const lines = [`- ${cell(id)}${test?.level ? ` (${test.level})` : ''}: ${cell(test?.error)}`]
  // The first failure is the test's error; a cleanup that failed after it is told beside it.
  for (const c of test?.cleanupErrors ?? []) lines.push(`  - then the cleanup failed too: ${cell(c)}`)
  if (test?.curl) lines.push('', '  ```sh', `  ${test.curl}`, '  ```')
  return lines.join('\n')
}
