import { describe, expect, it } from 'vitest'
import { UserError } from '../cli/userError.ts'
import { mergeResults } from './merge.ts'
import { analyze } from './summary.ts'
import { resultOf, spread } from './testResults.ts'
import { evaluate, parseThreshold } from './thresholds.ts'

// Runner A is fast (900 responses at 1–10 ms); runner B is slow (100 responses at 500–1000 ms).
const fast = resultOf({ download: { latencies: spread(900, 1, 10), bytesIn: 9e6 } })
const slow = resultOf(
  { download: { latencies: spread(100, 500, 1000), failures: { '503': 5 }, bytesIn: 1e6 } },
  { model: { kind: 'closed', connections: 3 }, durationSeconds: 12 },
)

describe('mergeResults', () => {
  const merged = mergeResults([fast, slow])
  const { summary, latencyMs } = analyze(merged)

  it('takes percentiles from the merged histogram, not the average of the runners’ percentiles', () => {
    const p95 = (r: typeof fast) => analyze(r).summary.total.latency.p95
    const averaged = (p95(fast) + p95(slow)) / 2
    // 95 % of 1000 samples: 900 fast ones, then 50 of the 100 slow ones → about 750 ms.
    expect(summary.total.latency.p95).toBeGreaterThan(700)
    expect(summary.total.latency.p95).toBeLessThan(800)
    expect(Math.abs(summary.total.latency.p95 - averaged)).toBeGreaterThan(100)
    // p90 lies at the last fast sample: the merge keeps the shape of the distribution.
    expect(latencyMs('download', 90)).toBeLessThan(11)
  })

  it('adds counters, connections and runners, and keeps the longest duration', () => {
    expect(merged.runners).toBe(2)
    expect(merged.model).toEqual({ kind: 'closed', connections: 5 })
    expect(merged.durationSeconds).toBe(12)
    expect(summary.total.requests).toBe(1005)
    expect(summary.total.errors).toBe(5)
    expect(summary.total.outcomes).toEqual({ '200': 1000, '503': 5 })
    expect(summary.total.mbInPerSec).toBeCloseTo(10 / 12)
    expect(merged.timeline[0]!.requests).toEqual({ download: 1005 })
  })

  it('judges thresholds on the merged result', () => {
    const outcomes = evaluate(
      ['p95<200ms', 'download.p50<20ms', 'errors<1%'].map(parseThreshold),
      summary,
      latencyMs,
    )
    expect(outcomes.map((o) => o.passed)).toEqual([false, true, true])
    // Each runner alone passes p95<200ms only if it is the fast one: the merge must not hide the slow one.
    const alone = analyze(fast)
    expect(evaluate([parseThreshold('p95<200ms')], alone.summary, alone.latencyMs)[0]!.passed).toBe(true)
  })

  it('refuses to merge different scenarios', () => {
    expect(() => mergeResults([fast, { ...slow, scenario: 'upload' }])).toThrow(UserError)
  })
})
