/** The figures every report shows, computed from a result's histograms and counters. */
import {
  decodeHistogram,
  type Histogram,
  type LatencySummary,
  mergeHistograms,
  percentileMs,
  summarizeLatency,
} from './histogram.ts'
import type { LoadResult, StepResult } from './result.ts'

export interface StepSummary {
  name: string
  requests: number
  errors: number
  /** errors / requests, 0–1. */
  errorRate: number
  rps: number
  /** MB (10^6 bytes) per second received and sent. */
  mbInPerSec: number
  mbOutPerSec: number
  latency: LatencySummary
  outcomes: Record<string, number>
}

export interface Summary {
  durationSeconds: number
  steps: StepSummary[]
  /** Every step together; its percentiles come from the merged histograms. */
  total: StepSummary
}

export const TOTAL = 'total'

export interface Analysis {
  summary: Summary
  /** Latency in ms at any percentile (0–100) of a step, or of every step together (`total`). */
  latencyMs(step: string, percentile: number): number
}

/** Decodes the histograms once and derives every figure of the reports from them. */
export function analyze(result: LoadResult): Analysis {
  const seconds = result.durationSeconds
  const decoded = result.steps.map((s) => ({ step: s, latency: decodeHistogram(s.latency) }))
  const histograms = new Map<string, Histogram>(decoded.map((d) => [d.step.name, d.latency]))
  histograms.set(TOTAL, mergeHistograms(decoded.map((d) => d.latency)))
  const steps = decoded.map(({ step, latency }) => stepSummary(step, summarizeLatency(latency), seconds))
  const all: StepResult = {
    name: TOTAL,
    requests: 0,
    errors: 0,
    outcomes: {},
    bytesIn: 0,
    bytesOut: 0,
    latency: '',
  }
  for (const { step } of decoded) {
    all.requests += step.requests
    all.errors += step.errors
    all.bytesIn += step.bytesIn
    all.bytesOut += step.bytesOut
    for (const [k, v] of Object.entries(step.outcomes)) all.outcomes[k] = (all.outcomes[k] ?? 0) + v
  }
  const total = stepSummary(all, summarizeLatency(histograms.get(TOTAL)!), seconds)
  return {
    summary: { durationSeconds: seconds, steps, total },
    latencyMs: (step, p) => {
      const h = histograms.get(step)
      return h ? percentileMs(h, p) : Number.NaN
    },
  }
}

function stepSummary(step: StepResult, latency: LatencySummary, seconds: number): StepSummary {
  return {
    name: step.name,
    requests: step.requests,
    errors: step.errors,
    errorRate: step.requests === 0 ? 0 : step.errors / step.requests,
    rps: step.requests / seconds,
    mbInPerSec: step.bytesIn / 1e6 / seconds,
    mbOutPerSec: step.bytesOut / 1e6 / seconds,
    latency,
    outcomes: step.outcomes,
  }
}
