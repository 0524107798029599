/**
 * The figures of a comparison: per step and server, the median over its rounds of each round's p50, p95,
 * p99 (read from that round's histogram) and throughput, the spread (min–max over the rounds), and the
 * ratio B/A of the medians. Ratio thresholds (`ratio.p95<1.5`, `download.ratio.rps>0.8`) are judged here.
 */
import { UserError } from '../../cli/userError.ts'
import { metricValue } from '../baseline.ts'
import { analyze, type StepSummary, TOTAL } from '../summary.ts'
import { compareValues, type Operator } from '../thresholds.ts'
import type { Round, Side } from './rounds.ts'

export const COMPARED = ['p50', 'p95', 'p99', 'rps', 'mbps', 'errors'] as const
export type ComparedMetric = (typeof COMPARED)[number]

export interface Spread {
  median: number
  min: number
  max: number
  /** One value per round, in round order. */
  rounds: number[]
}

export interface StepComparison {
  step: string
  a: Record<ComparedMetric, Spread>
  b: Record<ComparedMetric, Spread>
  /** B's median / A's median: 1 when both are 0 (no errors on either), Infinity when only A's is. */
  ratio: Record<ComparedMetric, number>
}

export function compareRounds(rounds: readonly Round[]): StepComparison[] {
  const values = { A: new Map<string, StepSummary[]>(), B: new Map<string, StepSummary[]>() }
  const order: string[] = []
  for (const { side, result } of rounds) {
    const { summary } = analyze(result)
    for (const s of [...summary.steps, summary.total]) {
      if (!order.includes(s.name)) order.push(s.name)
      const list = values[side].get(s.name) ?? []
      list.push(s)
      values[side].set(s.name, list)
    }
  }
  // `total` last, as in every other table.
  const steps = [...order.filter((n) => n !== TOTAL), TOTAL]
  return steps.map((step) => {
    const a = spreads(values.A.get(step) ?? [])
    const b = spreads(values.B.get(step) ?? [])
    const ratio = Object.fromEntries(COMPARED.map((m) => [m, ratioOf(b[m].median, a[m].median)])) as Record<
      ComparedMetric,
      number
    >
    return { step, a, b, ratio }
  })
}

function spreads(summaries: readonly StepSummary[]): Record<ComparedMetric, Spread> {
  return Object.fromEntries(
    COMPARED.map((m) => {
      const rounds = summaries.map((s) => metricValue(s, m))
      return [m, { median: median(rounds), min: Math.min(...rounds), max: Math.max(...rounds), rounds }]
    }),
  ) as Record<ComparedMetric, Spread>
}

function ratioOf(b: number, a: number): number {
  if (a === 0) return b === 0 ? 1 : Number.POSITIVE_INFINITY
  return b / a
}

export function median(values: readonly number[]): number {
  if (!values.length) return Number.NaN
  const sorted = [...values].sort((x, y) => x - y)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

export interface RatioThreshold {
  source: string
  step?: string
  metric: ComparedMetric
  op: Operator
  value: number
}

export interface RatioOutcome {
  threshold: string
  passed: boolean
  actual: number
  problem?: string
}

const RATIO =
  /^(?:(?<step>[a-z][a-z0-9-]*)\.)?ratio\.(?<metric>[a-z0-9]+)\s*(?<op><=|>=|<|>)\s*(?<value>\d+(?:\.\d+)?)$/i

/** Whether a `--threshold` is written on the ratio B/A (the others judge the target's rounds). */
export const isRatioThreshold = (source: string): boolean => /(^|\.)ratio\./i.test(source.trim())

export function parseRatioThreshold(source: string): RatioThreshold {
  const m = RATIO.exec(source.trim())
  const metric = m?.groups?.metric?.toLowerCase()
  if (!m?.groups || !COMPARED.includes(metric as ComparedMetric)) {
    throw new UserError(
      `cannot read ratio threshold "${source}" (expected [step.]ratio.METRIC<number with METRIC one of ${COMPARED.join(', ')}, e.g. ratio.p95<1.5, download.ratio.rps>0.8)`,
    )
  }
  const { step, op, value } = m.groups
  return {
    source: source.trim(),
    ...(step ? { step } : {}),
    metric: metric as ComparedMetric,
    op: op as Operator,
    value: Number(value),
  }
}

export function evaluateRatios(
  thresholds: readonly RatioThreshold[],
  rows: readonly StepComparison[],
): RatioOutcome[] {
  return thresholds.map((t) => {
    const row = rows.find((r) => r.step === (t.step ?? TOTAL))
    if (!row)
      return { threshold: t.source, passed: false, actual: Number.NaN, problem: `no step "${t.step}"` }
    const actual = row.ratio[t.metric]
    if (Number.isNaN(actual))
      return { threshold: t.source, passed: false, actual, problem: `A's ${t.metric} is 0: no ratio` }
    const passed = compareValues(actual, t.op, t.value)
    return { threshold: t.source, passed, actual }
  })
}

/** The rounds of one side as one result (durations add up: the rounds ran one after the other). */
export function sideRounds(rounds: readonly Round[], side: Side): Round['result'][] {
  return rounds.filter((r) => r.side === side).map((r) => r.result)
}
