/**
 * Collects samples into histograms and counters, per step and per second since the start. The runner
 * records as responses arrive; the k6 importer records k6's samples with their own timestamps.
 *
 * Memory stays flat however long a run: no sample is kept one by one, and a second's histogram (tens of
 * kB of counts outside the JS heap) is encoded (a few hundred bytes) once the next-but-one second began.
 * A late sample for an encoded second (k6's output is nearly in order) decodes it again.
 */
import { createHistogram, decodeHistogram, encodeHistogram, type Histogram, recordMs } from './histogram.ts'
import type { Second, StepResult } from './result.ts'

interface Counters {
  errors: number
  bytesIn: number
  bytesOut: number
  latency: Histogram
}

interface StepState extends Counters {
  requests: number
  outcomes: Record<string, number>
}

interface SecondState extends Omit<Counters, 'latency'> {
  requests: Record<string, number>
  /** While the second is recent; afterwards `encoded`. */
  latency?: Histogram
  encoded?: string
}

export class Recorder {
  private readonly steps = new Map<string, StepState>()
  private readonly seconds: SecondState[] = []
  /** Seconds whose histogram is still live. */
  private readonly live = new Set<number>()
  private startedAt = 0

  /** `now()` in ms, the clock of samples recorded without a time. */
  constructor(
    stepNames: readonly string[] = [],
    private readonly now: () => number = () => performance.now(),
  ) {
    for (const name of stepNames) this.step(name)
  }

  /** Seconds count from here (default: now). */
  start(at = this.now()): void {
    this.startedAt = at
  }

  /** A request finished: a response with this status (or `unusable-body`), or a transport error code. */
  request(step: string, outcome: string, at = this.now()): void {
    const s = this.step(step)
    s.requests++
    s.outcomes[outcome] = (s.outcomes[outcome] ?? 0) + 1
    const sec = this.second(at)
    sec.requests[step] = (sec.requests[step] ?? 0) + 1
  }

  latency(step: string, ms: number, at = this.now()): void {
    recordMs(this.step(step).latency, ms)
    recordMs(this.second(at).latency!, ms)
  }

  error(step: string, at = this.now()): void {
    this.step(step).errors++
    this.second(at).errors++
  }

  bytes(step: string, bytesIn: number, bytesOut: number, at = this.now()): void {
    const s = this.step(step)
    const sec = this.second(at)
    s.bytesIn += bytesIn
    s.bytesOut += bytesOut
    sec.bytesIn += bytesIn
    sec.bytesOut += bytesOut
  }

  /** A response arrived: `failed` when it counts as an error. */
  response(step: string, outcome: string, failed: boolean, latencyMs: number, bytesIn: number): void {
    const at = this.now()
    this.request(step, outcome, at)
    this.latency(step, latencyMs, at)
    this.bytes(step, bytesIn, 0, at)
    if (failed) this.error(step, at)
  }

  /** No response: a timeout or a broken connection. */
  transportError(step: string, code: string): void {
    const at = this.now()
    this.request(step, code, at)
    this.error(step, at)
  }

  /** Responses so far, for the progress line. */
  totals(): { requests: number; errors: number } {
    let requests = 0
    let errors = 0
    for (const s of this.steps.values()) {
      requests += s.requests
      errors += s.errors
    }
    return { requests, errors }
  }

  /** The last complete second, for the progress line. */
  lastSecond(): SecondState | undefined {
    return this.seconds[this.seconds.length - 2]
  }

  /** How many per-second histograms are live (not yet encoded): at most a few, however long the run. */
  liveSeconds(): number {
    return this.live.size
  }

  elapsedSeconds(at = this.now()): number {
    return (at - this.startedAt) / 1000
  }

  stepResults(): StepResult[] {
    return [...this.steps].map(([name, s]) => ({ name, ...s, latency: encodeHistogram(s.latency) }))
  }

  timeline(): Second[] {
    return this.seconds.map(({ latency, encoded, ...s }, t) => ({
      t,
      ...s,
      latency: encoded ?? encodeHistogram(latency!),
    }))
  }

  private step(name: string): StepState {
    let s = this.steps.get(name)
    if (!s) {
      s = { requests: 0, errors: 0, outcomes: {}, bytesIn: 0, bytesOut: 0, latency: createHistogram() }
      this.steps.set(name, s)
    }
    return s
  }

  /** Samples before the start (k6 flushes nearly in order) fall into second 0. */
  private second(at: number): SecondState {
    const t = Math.max(0, Math.floor((at - this.startedAt) / 1000))
    if (this.seconds.length <= t) {
      while (this.seconds.length <= t) {
        this.live.add(this.seconds.length)
        this.seconds.push({ requests: {}, errors: 0, bytesIn: 0, bytesOut: 0, latency: createHistogram() })
      }
      // The last full second stays live for the progress line (lastSecond).
      for (const i of this.live) if (i < t - 1) this.compact(i)
    }
    const sec = this.seconds[t]!
    if (!sec.latency) {
      sec.latency = decodeHistogram(sec.encoded!)
      sec.encoded = undefined
      this.live.add(t)
    }
    return sec
  }

  private compact(i: number): void {
    const sec = this.seconds[i]!
    sec.encoded = encodeHistogram(sec.latency!)
    sec.latency = undefined
    this.live.delete(i)
  }
}
