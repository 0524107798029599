/** One measurement: N connections for D seconds on one request, by plain autocannon or by our runner. */
import { readFileSync } from 'node:fs'
import autocannon from 'autocannon'
import { decodeHistogram, percentileMs } from '../load/histogram.ts'
import { runLoad } from '../load/runner.ts'

export interface Measurement {
  rps: number
  mbps: number
  p50: number
  p99: number
  non2xx: number
  errors: number
  /** Size of one response body, bytes. */
  bodyBytes?: number
}

export interface Load {
  url: string
  path: string
  headers?: Record<string, string>
  connections: number
  seconds: number
}

export async function autocannonRate(load: Load): Promise<Measurement> {
  const r = await autocannon({
    url: load.url + load.path,
    connections: load.connections,
    duration: load.seconds,
    headers: load.headers ?? {},
  })
  return {
    rps: r.requests.total / r.duration,
    mbps: r.throughput.total / 1e6 / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    non2xx: r.non2xx,
    errors: r.errors + r.timeouts,
  }
}

/**
 * The same request as one step of a load scenario (per-step histograms, progress, tagging). `dynamic`
 * rebuilds it before every send, as steps that read links from earlier answers do.
 */
export async function runnerRate(load: Load, dynamic = false): Promise<Measurement> {
  const token = (load.headers?.Authorization ?? 'Token x').replace(/^Token /, '')
  const run = await runLoad({
    origin: load.url,
    sequence: [{ name: 'get', constant: !dynamic, request: () => ({ method: 'GET', path: load.path }) }],
    stepNames: ['get'],
    model: { kind: 'closed', connections: load.connections },
    durationSeconds: load.seconds,
    token,
  })
  const step = run.steps[0]!
  const h = decodeHistogram(step.latency)
  const non2xx = Object.entries(step.outcomes)
    .filter(([k]) => !/^2\d\d$/.test(k))
    .reduce((n, [, v]) => n + v, 0)
  return {
    rps: step.requests / run.durationSeconds,
    mbps: step.bytesIn / 1e6 / run.durationSeconds,
    p50: percentileMs(h, 50),
    p99: percentileMs(h, 99),
    non2xx,
    errors: step.errors,
  }
}

/** User + system CPU seconds a process has used so far (Linux /proc), or undefined elsewhere. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}
