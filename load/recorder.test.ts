import { describe, expect, it } from 'vitest'
import { decodeHistogram, percentileMs } from './histogram.ts'
import { Recorder } from './recorder.ts'

describe('Recorder over a long run', () => {
  it('keeps only recent seconds as live histograms and encodes the others without losing a sample', () => {
    let now = 0
    const r = new Recorder(['a'], () => now)
    r.start(0)
    for (let second = 0; second < 600; second++) {
      for (let i = 0; i < 50; i++) {
        now = second * 1000 + i * 20
        r.response('a', '200', false, second % 2 ? 2 : 40, 10)
      }
      expect(r.liveSeconds()).toBeLessThanOrEqual(2)
    }
    const timeline = r.timeline()
    expect(timeline).toHaveLength(600)
    for (const t of [0, 1, 298, 599]) {
      const h = decodeHistogram(timeline[t]!.latency)
      expect(h.totalCount).toBe(50)
      expect(percentileMs(h, 50)).toBeCloseTo(t % 2 ? 2 : 40, 1)
    }
    expect(r.stepResults()[0]!.requests).toBe(30_000)
  })

  it('takes a late sample for an encoded second (k6 output is nearly in order)', () => {
    const r = new Recorder(['a'], () => 0)
    r.start(0)
    r.latency('a', 5, 0)
    r.latency('a', 5, 10_000)
    r.latency('a', 7, 500)
    const first = decodeHistogram(r.timeline()[0]!.latency)
    expect(first.totalCount).toBe(2)
    expect(r.timeline()).toHaveLength(11)
  })
})
