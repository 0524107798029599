/** The run's summary for the terminal, coloured when the terminal supports it. */
import type { ConformanceReport } from './summary.ts'

const paint = (on: boolean) => (code: number) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s)

export function formatSummary(
  report: ConformanceReport,
  files: { summaryFile: string; htmlDir: string },
  color = false,
): string {
  const c = paint(color)
  const [red, green, yellow, dim, bold] = [c(31), c(32), c(33), c(2), c(1)]
  const t = report.totals
  const ops = t.operations
  const lines = [
    '',
    bold('Seafile conformance'),
    `  tests       ${green(`${t.passed} passed`)}, ${t.failed ? red(`${t.failed} failed`) : '0 failed'} ` +
      `(${t.coreFailed} core, ${t.strictFailed} strict), ${yellow(`${t.skipped} skipped`)}`,
    `  operations  ${green(`${ops.passed} passed`)}, ${ops.failed ? red(`${ops.failed} failed`) : '0 failed'}, ` +
      `${ops.skipped} skipped, ${dim(`${ops['not covered']} not covered`)} of ${report.operations.length}`,
  ]
  if (t.knownFailures || t.fixed)
    lines.push(`  baseline    ${t.knownFailures} known failures, ${t.newFailures} new, ${t.fixed} fixed`)
  for (const e of report.errors) lines.push(red(`  error: ${e}`))
  const failed = report.tests.filter((x) => report.newFailures.includes(x.id))
  if (failed.length) {
    lines.push('', bold('New failures'))
    for (const x of failed.slice(0, 30)) {
      lines.push(`  ${red('✘')} ${x.id}${x.level ? dim(` [${x.level}]`) : ''}`, dim(`      ${x.error ?? ''}`))
      for (const c of x.cleanupErrors ?? []) lines.push(dim(`      then the cleanup failed too: ${c}`))
      if (x.curl) lines.push(dim(`      reproduce: ${x.curl}`))
    }
    if (failed.length > 30) lines.push(dim(`  … and ${failed.length - 30} more (see the summary)`))
  }
  if (report.fixed.length) {
    lines.push('', bold('Fixed (remove from the known failures)'))
    for (const id of report.fixed) lines.push(`  ${green('✔')} ${id}`)
  }
  lines.push(
    '',
    `  ${report.verdict === 'pass' ? green(bold('PASS')) : red(bold('FAIL'))}  summary: ${files.summaryFile}`,
    `        HTML report: ${files.htmlDir}/index.html`,
    '',
  )
  return lines.join('\n')
}
