/** Side-by-side comparison of a run with an earlier one (`--baseline load.json`). */
import type { StepSummary, Summary } from './summary.ts'

export interface MetricComparison {
  metric: ComparedMetric
  baseline: number
  current: number
  /** (current − baseline) / baseline × 100; null when the baseline is 0. */
  changePct: number | null
  /** Whether the change is an improvement (lower latency or errors, higher throughput); null if unchanged. */
  improved: boolean | null
}

export interface StepComparison {
  step: string
  /** Missing in one of the runs: the scenario or its steps changed. */
  onlyIn?: 'baseline' | 'current'
  metrics: MetricComparison[]
}

export const COMPARED_METRICS = ['rps', 'mbps', 'p50', 'p90', 'p95', 'p99', 'max', 'errors'] as const
export type ComparedMetric = (typeof COMPARED_METRICS)[number]

const HIGHER_IS_BETTER: ReadonlySet<ComparedMetric> = new Set(['rps', 'mbps'])

export function metricValue(s: StepSummary, metric: ComparedMetric): number {
  switch (metric) {
    case 'rps':
      return s.rps
    case 'mbps':
      return s.mbInPerSec + s.mbOutPerSec
    case 'errors':
      return s.errorRate
    default:
      return s.latency[metric]
  }
}

export function compareSummaries(current: Summary, baseline: Summary): StepComparison[] {
  const names = [...new Set([...current.steps.map((s) => s.name), ...baseline.steps.map((s) => s.name)])]
  const rows: StepComparison[] = []
  for (const name of names) {
    const cur = current.steps.find((s) => s.name === name)
    const base = baseline.steps.find((s) => s.name === name)
    if (!cur || !base) {
      rows.push({ step: name, onlyIn: cur ? 'current' : 'baseline', metrics: [] })
      continue
    }
    rows.push({ step: name, metrics: compareStep(cur, base) })
  }
  rows.push({ step: current.total.name, metrics: compareStep(current.total, baseline.total) })
  return rows
}

function compareStep(cur: StepSummary, base: StepSummary): MetricComparison[] {
  return COMPARED_METRICS.map((metric) => {
    const b = metricValue(base, metric)
    const c = metricValue(cur, metric)
    const changePct = b === 0 ? null : ((c - b) / b) * 100
    const improved = c === b ? null : HIGHER_IS_BETTER.has(metric) ? c > b : c < b
    return { metric, baseline: b, current: c, changePct, improved }
  })
}

/** `+12.3%`, `-4.0%`, `n/a` (baseline 0). */
export function formatChange(changePct: number | null): string {
  if (changePct === null) return 'n/a'
  return `${changePct >= 0 ? '+' : ''}${changePct.toFixed(1)}%`
}
