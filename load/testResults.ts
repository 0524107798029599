/** Builds results from known latencies, for the unit tests of summaries, thresholds, merges and reports. */
import { createHistogram, encodeHistogram, recordMs } from './histogram.ts'
import { type LoadResult, RESULT_FORMAT, type StepResult } from './result.ts'

export interface StepSpec {
  /** Latencies in ms, one per successful response. */
  latencies: readonly number[]
  /** Failed responses by status; they add to requests and errors, not to the latencies. */
  failures?: Record<string, number>
  bytesIn?: number
  bytesOut?: number
}

export function stepOf(name: string, spec: StepSpec): StepResult {
  const h = createHistogram()
  for (const ms of spec.latencies) recordMs(h, ms)
  const failed = Object.values(spec.failures ?? {}).reduce((a, b) => a + b, 0)
  return {
    name,
    requests: spec.latencies.length + failed,
    errors: failed,
    outcomes: { ...(spec.latencies.length ? { '200': spec.latencies.length } : {}), ...spec.failures },
    bytesIn: spec.bytesIn ?? 0,
    bytesOut: spec.bytesOut ?? 0,
    latency: encodeHistogram(h),
  }
}

export function resultOf(steps: Record<string, StepSpec>, overrides: Partial<LoadResult> = {}): LoadResult {
  const stepResults = Object.entries(steps).map(([name, spec]) => stepOf(name, spec))
  const all = createHistogram()
  for (const spec of Object.values(steps)) for (const ms of spec.latencies) recordMs(all, ms)
  return {
    format: RESULT_FORMAT,
    scenario: 'download',
    target: 'http://127.0.0.1:1',
    model: { kind: 'closed', connections: 2 },
    startedAt: '2025-01-01T00:00:00.000Z',
    durationSeconds: 10,
    fileSize: 1024,
    runners: 1,
    steps: stepResults,
    timeline: [
      {
        t: 0,
        requests: Object.fromEntries(stepResults.map((s) => [s.name, s.requests])),
        errors: stepResults.reduce((n, s) => n + s.errors, 0),
        bytesIn: 0,
        bytesOut: 0,
        latency: encodeHistogram(all),
      },
    ],
    ...overrides,
  }
}

/** `count` values spread evenly over [from, to]. */
export function spread(count: number, from: number, to: number): number[] {
  return Array.from({ length: count }, (_, i) => from + ((to - from) * i) / Math.max(1, count - 1))
}
