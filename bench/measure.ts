/** One measurement: N connections for D seconds on one request, by plain autocannon or by our runner. */
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
