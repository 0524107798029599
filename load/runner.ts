/**
 * The timed part: autocannon drives the request loop (closed model: N connections; open model: its
 * `overallRate`), and a Recorder keeps latency histograms and counters per step and per second.
 *
 * autocannon knows one request sequence per connection but not steps; the runner tags each request of
 * the sequence with its step and reads the tag back (`requestIterator.currentRequest`) on every response,
 * which holds because requests are not pipelined. Client internals touched, pinned by autocannon 9.0.0
 * (package.json) and covered by execute.test.ts:
 * - `requestIterator.initialContext` gets the connection number, so uploads name their files apart;
 * - `getRequestBuffer` is wrapped so that a request's body parts (small multipart header, shared payload,
 *   tail) are written one after the other instead of copied into one buffer per request;
 * - `pipelinedRequests.addBody` skips the body of steps that do not read it (downloads).
 */
import type { Socket } from 'node:net'
import autocannon from 'autocannon'
import { byteLength } from './multipart.ts'
import { Recorder } from './recorder.ts'
import type { LoadModel, Second, StepResult } from './result.ts'
import type { FlowContext, Step } from './scenarios/types.ts'

export interface RunOptions {
  /** Origin of the target, e.g. `http://127.0.0.1:8000`; step paths carry any path prefix. */
  origin: string
  /** The sequence each connection loops over. */
  sequence: readonly Step[]
  /** Step names in report order. */
  stepNames: readonly string[]
  model: LoadModel
  durationSeconds: number
  /** Token for `Authorization: Token …` on every request. */
  token: string
  /** Seconds without an answer before a request counts as a timeout. */
  timeoutSeconds?: number
  /** Called about once a second while the run goes on. */
  onProgress?(progress: Progress): void
}

export interface Progress {
  elapsedSeconds: number
  requests: number
  errors: number
  /** Requests and p95 (ms) of the last full second. */
  lastSecond?: { requests: number; p95: number }
}

export interface RunOutcome {
  startedAt: string
  durationSeconds: number
  steps: StepResult[]
  timeline: Second[]
}

/** The parts of autocannon's per-connection Client that the runner uses (lib/httpClient.js). */
interface CannonClient {
  conn: Socket
  getRequestBuffer(): Buffer
  requestIterator: {
    currentRequest: TaggedRequest
    context: RequestContext
    initialContext: object
    resetContext(): void
  }
  pipelinedRequests: { peek(): { req?: TaggedRequest } | undefined; addBody(data: Buffer): void }
  on(event: 'response', listener: (status: number, bytes: number, ms: number) => void): void
  on(event: 'timeout', listener: () => void): void
  on(event: 'connError', listener: (err: NodeJS.ErrnoException) => void): void
}

interface TaggedRequest {
  /** Index of the step in the sequence. */
  step: number
  /** Whether autocannon should keep the body for the step's `read`. */
  keepsBody: boolean
  /** Built once (Step.constant): never carries body parts. */
  constant: boolean
}

interface RequestContext extends FlowContext {
  /** Body parts of the request being sent. */
  parts?: Buffer[]
  /** Set by `onResponse` when a 2xx body could not be read. */
  unusable?: boolean
}

export async function runLoad(options: RunOptions): Promise<RunOutcome> {
  const { sequence } = options
  const recorder = new Recorder(options.stepNames)
  const stepName = (client: CannonClient) => sequence[client.requestIterator.currentRequest.step]!.name
  let connections = 0

  const requests = sequence.map((step, index) => {
    const tag: TaggedRequest = {
      step: index,
      keepsBody: step.read !== undefined,
      constant: step.constant === true,
    }
    const read = step.read
    // autocannon converts the headers of every answer it hands to onResponse: only readers get one.
    const reader = read && {
      onResponse: (status: number, body: string, context: RequestContext) => {
        if (status >= 200 && status < 300 && !read(body, context)) context.unusable = true
      },
    }
    if (step.constant) {
      // Built once per connection by autocannon, like a plain autocannon request.
      const r = step.request({ conn: 0 })
      if (!r || r.body) throw new Error(`constant step ${step.name} must give a request without a body`)
      return { ...tag, ...reader, method: r.method, path: r.path, headers: r.headers ?? {} }
    }
    return {
      ...tag,
      ...reader,
      setupRequest: (req: autocannon.Request, context: RequestContext) => {
        const r = step.request(context)
        context.parts = r?.body
        if (!r) return null
        const headers: Record<string, string> = { ...(req.headers as Record<string, string>), ...r.headers }
        if (r.body) headers['Content-Length'] = String(byteLength(r.body))
        return { ...req, method: r.method, path: r.path, headers }
      },
    }
  })

  const setupClient = (c: autocannon.Client) => {
    const client = c as unknown as CannonClient
    const iterator = client.requestIterator
    iterator.initialContext = { conn: connections++ }
    iterator.resetContext()

    const head = client.getRequestBuffer.bind(client)
    client.getRequestBuffer = () => {
      const buffer = head()
      const parts = iterator.currentRequest.constant ? undefined : iterator.context.parts
      recorder.bytes(stepName(client), 0, buffer.length + (parts ? byteLength(parts) : 0))
      if (!parts?.length) return buffer
      // The caller writes the returned buffer right after these, on the same socket.
      client.conn.cork()
      client.conn.write(buffer)
      for (const part of parts.slice(0, -1)) client.conn.write(part)
      process.nextTick(() => client.conn.uncork())
      return parts[parts.length - 1]!
    }

    const queue = client.pipelinedRequests
    const addBody = queue.addBody.bind(queue)
    queue.addBody = (data) => {
      if (queue.peek()?.req?.keepsBody) addBody(data)
    }

    client.on('response', (status, bytes, ms) => {
      const unusable = iterator.context.unusable === true
      iterator.context.unusable = false
      const failed = status >= 400 || unusable
      recorder.response(stepName(client), unusable ? 'unusable-body' : String(status), failed, ms, bytes)
    })
    client.on('timeout', () => recorder.transportError(stepName(client), 'timeout'))
    client.on('connError', (err) => recorder.transportError(stepName(client), err.code ?? 'connection-error'))
  }

  const startedAt = new Date().toISOString()
  recorder.start()
  const progress = () => {
    const totals = recorder.totals()
    const last = recorder.lastSecond()
    options.onProgress?.({
      elapsedSeconds: recorder.elapsedSeconds(),
      ...totals,
      ...(last
        ? {
            lastSecond: {
              requests: Object.values(last.requests).reduce((a, b) => a + b, 0),
              p95: last.latency?.totalCount ? last.latency.getValueAtPercentile(95) / 1000 : 0,
            },
          }
        : {}),
    })
  }
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.origin,
        connections: options.model.connections,
        ...(options.model.kind === 'open' ? { overallRate: options.model.rate } : {}),
        duration: options.durationSeconds,
        timeout: options.timeoutSeconds ?? 10,
        headers: { Authorization: `Token ${options.token}` },
        requests: requests as unknown as autocannon.Request[],
        setupClient,
        skipAggregateResult: true,
      },
      (err) => (err ? reject(err) : resolve()),
    )
    instance.on('tick', progress)
  })
  const durationSeconds = recorder.elapsedSeconds()
  return { startedAt, durationSeconds, steps: recorder.stepResults(), timeline: recorder.timeline() }
}
