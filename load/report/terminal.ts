/** The summary printed at the end of a run: one row per step, errors by status, thresholds, baseline. */
import { formatChange, type MetricComparison } from '../baseline.ts'
import type { StepSummary } from '../summary.ts'
import { formatActual } from '../thresholds.ts'
import { count, isSuccess, mb, ms, outcomes, pct, rate } from './format.ts'
import type { Report } from './model.ts'

export function renderTerminal(report: Report): string {
  const { result, summary } = report
  const model =
    result.model.kind === 'closed'
      ? `closed model, ${result.model.connections} connections`
      : `open model, ${result.model.rate}/s over ${result.model.connections} connections`
  const runners = result.runners > 1 ? ` · ${result.runners} runners merged` : ''
  const lines = [
    `scenario ${result.scenario} · ${model} · ${summary.durationSeconds.toFixed(1)} s${runners} · ${result.target}`,
    '',
    table(
      ['step', 'requests', 'req/s', 'MB/s', 'p50', 'p90', 'p95', 'p99', 'max', 'errors'],
      [...summary.steps, summary.total].map(stepRow),
    ),
  ]
  const failing = [...summary.steps].filter((s) => s.errors > 0)
  if (failing.length) {
    lines.push('', 'errors by status:')
    for (const s of failing) lines.push(`  ${s.name}: ${outcomes(s.outcomes, isSuccess)}`)
  }
  if (report.thresholds.length) {
    lines.push('', 'thresholds:')
    for (const { threshold, outcome } of report.thresholds) {
      const mark = outcome.passed ? '✓' : '✗'
      const why = outcome.problem ?? formatActual(threshold, outcome.actual)
      lines.push(`  ${mark} ${threshold.source.padEnd(24)} ${why}`)
    }
  }
  if (report.baseline) {
    lines.push('', `compared with ${report.baseline.file} (baseline → this run, change):`)
    const pick = (metrics: MetricComparison[], name: string) => metrics.find((m) => m.metric === name)
    const rows = report.baseline.rows.map((row) => {
      if (row.onlyIn) return [row.step, `only in ${row.onlyIn}`, '', '', '', '']
      const cell = (name: string, f: (v: number) => string) => {
        const m = pick(row.metrics, name)!
        return `${f(m.baseline)} → ${f(m.current)} ${formatChange(m.changePct)}${m.improved === false ? ' !' : ''}`
      }
      return [
        row.step,
        cell('rps', rate),
        cell('p50', ms),
        cell('p95', ms),
        cell('p99', ms),
        cell('errors', pct),
      ]
    })
    lines.push(table(['step', 'req/s', 'p50', 'p95', 'p99', 'errors'], rows))
    lines.push('  (! = worse than the baseline)')
  }
  return lines.join('\n')
}

function stepRow(s: StepSummary): string[] {
  const l = s.latency
  return [
    s.name,
    count(s.requests),
    rate(s.rps),
    mb(s.mbInPerSec + s.mbOutPerSec),
    ms(l.p50),
    ms(l.p90),
    ms(l.p95),
    ms(l.p99),
    ms(l.max),
    s.errors ? `${count(s.errors)} (${pct(s.errorRate)})` : '0',
  ]
}

/** Left-aligned first column, right-aligned others. */
export function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(head), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n')
}

/** One progress line: `  12s / 30s   4,321 requests   412 req/s   p95 3.10ms   0 errors`. */
export function progressLine(p: {
  elapsedSeconds: number
  totalSeconds: number
  requests: number
  errors: number
  lastSecond?: { requests: number; p95: number }
}): string {
  const last = p.lastSecond ? `   ${count(p.lastSecond.requests)} req/s   p95 ${ms(p.lastSecond.p95)}` : ''
  return `  ${Math.floor(p.elapsedSeconds)}s / ${Math.round(p.totalSeconds)}s   ${count(p.requests)} requests${last}   ${count(p.errors)} errors`
}
