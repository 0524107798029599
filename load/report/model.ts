/** Everything a report shows, derived once from a result (and a baseline) for the terminal, JSON and HTML. */
import { readFile } from 'node:fs/promises'
import { UserError } from '../../cli/userError.ts'
import { compareSummaries, type StepComparison } from '../baseline.ts'
import { decodeHistogram, percentileMs } from '../histogram.ts'
import { type LoadResult, loadResultSchema } from '../result.ts'
import { analyze, type Summary } from '../summary.ts'
import { evaluate, type Threshold, type ThresholdOutcome } from '../thresholds.ts'

export const DISTRIBUTION_PERCENTILES = [0, 50, 75, 90, 95, 99, 99.9, 99.99, 100] as const

export interface SecondPoint {
  t: number
  rps: number
  /** Requests per step in that second. */
  steps: Record<string, number>
  errors: number
  mbps: number
  p50: number
  p95: number
  p99: number
}

export interface Report {
  result: LoadResult
  summary: Summary
  thresholds: { threshold: Threshold; outcome: ThresholdOutcome }[]
  passed: boolean
  /** Latency (ms) at each of DISTRIBUTION_PERCENTILES, per step and for `total`. */
  distribution: Record<string, number[]>
  timeline: SecondPoint[]
  baseline?: {
    file: string
    result: LoadResult
    summary: Summary
    rows: StepComparison[]
    distribution: Record<string, number[]>
  }
}

export function buildReport(
  result: LoadResult,
  thresholds: readonly Threshold[],
  baseline?: { file: string; result: LoadResult },
): Report {
  const { summary, latencyMs } = analyze(result)
  const outcomes = evaluate(thresholds, summary, latencyMs)
  const base = baseline ? analyze(baseline.result) : undefined
  return {
    result,
    summary,
    thresholds: thresholds.map((threshold, i) => ({ threshold, outcome: outcomes[i]! })),
    passed: outcomes.every((o) => o.passed),
    distribution: distribution(summary, latencyMs),
    // The last second is partial (autocannon stops on its next tick): left out of the charts.
    timeline: result.timeline
      .filter((s) => s.t + 1 <= result.durationSeconds + 0.05)
      .map((s) => {
        const h = decodeHistogram(s.latency)
        return {
          t: s.t,
          rps: Object.values(s.requests).reduce((a, b) => a + b, 0),
          steps: s.requests,
          errors: s.errors,
          mbps: (s.bytesIn + s.bytesOut) / 1e6,
          p50: percentileMs(h, 50),
          p95: percentileMs(h, 95),
          p99: percentileMs(h, 99),
        }
      }),
    ...(baseline && base
      ? {
          baseline: {
            ...baseline,
            summary: base.summary,
            rows: compareSummaries(summary, base.summary),
            distribution: distribution(base.summary, base.latencyMs),
          },
        }
      : {}),
  }
}

function distribution(
  summary: Summary,
  latencyMs: (step: string, p: number) => number,
): Record<string, number[]> {
  const names = [...summary.steps.map((s) => s.name), summary.total.name]
  return Object.fromEntries(names.map((n) => [n, DISTRIBUTION_PERCENTILES.map((p) => latencyMs(n, p))]))
}

/** `load.json`: the mergeable result plus the figures, thresholds and comparison as read by people. */
export function reportJson(report: Report): unknown {
  return {
    ...report.result,
    summary: report.summary,
    thresholds: report.thresholds.map((t) => t.outcome),
    passed: report.passed,
    ...(report.baseline
      ? { baseline: { file: report.baseline.file, comparison: report.baseline.rows } }
      : {}),
  }
}

export async function readResult(file: string): Promise<LoadResult> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    throw new UserError(`cannot read ${file}`)
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new UserError(`${file} is not JSON`)
  }
  const parsed = loadResultSchema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new UserError(
      `${file} is not a load result (${issue.path.join('.') || 'format'}: ${issue.message})`,
    )
  }
  return parsed.data
}
