/**
 * Pass/fail criteria in the k6 spirit: `p95<200ms`, `p99<1s`, `rps>100`, `errors<1%`, and per step
 * `download.p95<300ms`. Latency percentiles are read from the (merged) histograms.
 */
import { UserError } from '../cli/userError.ts'
import { type StepSummary, type Summary, TOTAL } from './summary.ts'

export type Metric = 'latency' | 'rps' | 'errors' | 'mbps' | 'requests'
export type Operator = '<' | '<=' | '>' | '>='

export interface Threshold {
  /** As the user wrote it, for reports. */
  source: string
  /** Step name, or undefined for all steps together. */
  step?: string
  metric: Metric
  /** Percentile 0–100 for latency metrics (`max` = 100, `min` = 0). */
  percentile?: number
  op: Operator
  /** Milliseconds for latency, a fraction 0–1 for errors, per second for rps and mbps. */
  value: number
}

export interface ThresholdOutcome {
  threshold: string
  passed: boolean
  /** The measured value in the threshold's unit (ms, fraction, per second). */
  actual: number
  /** Why it could not be judged, e.g. an unknown step. */
  problem?: string
}

const PATTERN =
  /^(?:(?<step>[a-z][a-z0-9-]*)\.)?(?<metric>p\d{1,2}(?:\.\d+)?|max|min|med|rps|errors|mbps|requests)\s*(?<op><=|>=|<|>)\s*(?<value>\d+(?:\.\d+)?)\s*(?<unit>ms|s|us|µs|%|)$/i

const LATENCY_UNITS: Record<string, number> = { '': 1, ms: 1, s: 1000, us: 0.001, µs: 0.001 }

export function parseThreshold(source: string): Threshold {
  const m = PATTERN.exec(source.trim())
  if (!m?.groups) {
    throw new UserError(
      `cannot read threshold "${source}" (expected e.g. p95<200ms, p99<1s, rps>100, errors<1%, download.p95<300ms)`,
    )
  }
  const { step, op, unit = '' } = m.groups
  const metric = m.groups.metric!.toLowerCase()
  const raw = Number(m.groups.value)
  const base = { source: source.trim(), op: op as Operator, ...(step ? { step } : {}) }
  const latencyPercentile = metric === 'max' ? 100 : metric === 'min' ? 0 : metric === 'med' ? 50 : undefined
  if (latencyPercentile !== undefined || metric.startsWith('p')) {
    const percentile = latencyPercentile ?? Number(metric.slice(1))
    if (unit === '%') throw new UserError(`threshold "${source}": a latency needs ms, s or us, not %`)
    return { ...base, metric: 'latency', percentile, value: raw * LATENCY_UNITS[unit.toLowerCase()]! }
  }
  if (metric === 'errors') {
    // `errors<1%` or, as k6 writes rates, `errors<0.01`.
    if (unit !== '%' && unit !== '') throw new UserError(`threshold "${source}": errors take % or a fraction`)
    const value = unit === '%' ? raw / 100 : raw
    if (value > 1) throw new UserError(`threshold "${source}": an error rate without % must be 0–1`)
    return { ...base, metric: 'errors', value }
  }
  if (unit !== '' && !(metric === 'rps' && unit === 's')) {
    throw new UserError(`threshold "${source}": ${metric} takes a plain number`)
  }
  return { ...base, metric: metric as Metric, value: raw }
}

/** The measured value of a non-latency threshold. */
function measure(t: Threshold, s: StepSummary): number {
  switch (t.metric) {
    case 'rps':
      return s.rps
    case 'errors':
      return s.errorRate
    case 'mbps':
      return s.mbInPerSec + s.mbOutPerSec
    case 'requests':
      return s.requests
    case 'latency':
      throw new Error('latency is read from the histogram')
  }
}

export function compareValues(actual: number, op: Operator, value: number): boolean {
  switch (op) {
    case '<':
      return actual < value
    case '<=':
      return actual <= value
    case '>':
      return actual > value
    case '>=':
      return actual >= value
  }
}

/**
 * Judges each threshold on the summary; latency comes from `latencyMs(step, percentile)`, which reads the
 * step's histogram (or the merge of all steps' for `total`).
 */
export function evaluate(
  thresholds: readonly Threshold[],
  summary: Summary,
  latencyMs: (step: string, percentile: number) => number,
): ThresholdOutcome[] {
  return thresholds.map((t) => {
    const stepName = t.step ?? TOTAL
    const step = stepName === TOTAL ? summary.total : summary.steps.find((s) => s.name === stepName)
    if (!step) {
      const known = summary.steps.map((s) => s.name).join(', ')
      return {
        threshold: t.source,
        passed: false,
        actual: Number.NaN,
        problem: `no step "${t.step}" (${known})`,
      }
    }
    const actual = t.metric === 'latency' ? latencyMs(stepName, t.percentile!) : measure(t, step)
    return { threshold: t.source, passed: compareValues(actual, t.op, t.value), actual }
  })
}

/** Throws a UserError for thresholds naming a step the scenario does not have. */
export function checkThresholdSteps(
  thresholds: readonly { source: string; step?: string }[],
  steps: readonly string[],
): void {
  for (const t of thresholds) {
    if (t.step && !steps.includes(t.step)) {
      throw new UserError(
        `threshold "${t.source}": no step "${t.step}" in this scenario (${steps.join(', ')})`,
      )
    }
  }
}

/** How a threshold's measured value reads in a report. */
export function formatActual(t: Threshold, actual: number): string {
  if (Number.isNaN(actual)) return 'n/a'
  switch (t.metric) {
    case 'latency':
      return `${actual.toFixed(2)}ms`
    case 'errors':
      return `${(actual * 100).toFixed(2)}%`
    case 'rps':
      return `${actual.toFixed(1)}/s`
    case 'mbps':
      return `${actual.toFixed(2)}MB/s`
    case 'requests':
      return String(actual)
  }
}
