/**
 * Fault injection around the mock's fetch: latency, error answers in the route family's shape, dropped
 * connections and truncated bodies, from rules (flags, config file, `PUT /__mock__/faults`) or per request
 * from the `X-Mock-Fault` header. Over node:http a drop or a cut really closes the socket; in process (tests,
 * msw) a drop is `Response.error()` and a cut body errors its stream. The mock's own `/__mock__/` endpoints
 * are never faulted.
 */
import type { Socket } from 'node:net'
import { pathOf } from '../http/requestPath.ts'
import { familyError } from './familyError.ts'
import { type FaultEffects, type FaultRule, parseEffects, ruleMatches } from './rules.ts'

export const FAULT_HEADER = 'X-Mock-Fault'

/** The mock's fetch; over node:http the second argument is @hono/node-server's `{ incoming, outgoing }`. */
export type MockFetch = (req: Request, env?: unknown) => Promise<Response>

export interface FaultSettings {
  rules: FaultRule[]
  /** Honour `X-Mock-Fault` (default true). */
  header: boolean
  /** Injected for tests: a number in [0, 1). */
  random?: () => number
  sleep?: (ms: number) => Promise<void>
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** The socket of a node:http request, when there is one. */
function socketOf(env: unknown): Socket | undefined {
  const incoming = (env as { incoming?: { socket?: Socket } } | undefined)?.incoming
  return incoming?.socket
}

/** The request path as the core sees it (namespace prefix removed). */
const corePath = (pathname: string) => pathname.replace(/^\/__ns\/[^/]+(?=\/)/, '')

/** Holds the rules and how often each has fired; the layer swaps rules at run time. */
export class FaultInjector {
  #rules: FaultRule[]
  readonly #fired = new Map<FaultRule, number>()
  readonly #random: () => number
  readonly #sleep: (ms: number) => Promise<void>

  constructor(readonly settings: FaultSettings) {
    this.#rules = settings.rules
    this.#random = settings.random ?? Math.random
    this.#sleep = settings.sleep ?? defaultSleep
  }

  get rules(): readonly FaultRule[] {
    return this.#rules
  }

  set rules(rules: FaultRule[]) {
    this.#rules = rules
    this.#fired.clear()
  }

  /** The effects for a request: the header's alone when it has one, else every matching rule that fires. */
  effectsFor(req: Request): FaultEffects[] {
    const header = this.settings.header ? req.headers.get(FAULT_HEADER) : null
    if (!header && this.#rules.length === 0) return []
    const path = corePath(pathOf(req.url))
    if (path.startsWith('/__mock__/')) return []
    if (header) {
      const effects = parseEffects(header, `${FAULT_HEADER}: ${header}`)
      return this.#fires(effects.rate) ? [effects] : []
    }
    // A browser's CORS preflight is left alone unless a rule names OPTIONS: faulting it would hide the
    // faulted answer behind a CORS error.
    const preflight = req.method === 'OPTIONS' && req.headers.has('access-control-request-method')
    const out: FaultEffects[] = []
    for (const rule of this.#rules) {
      if (preflight && rule.method !== 'OPTIONS') continue
      if (!ruleMatches(rule, req.method, path)) continue
      const fired = this.#fired.get(rule) ?? 0
      if (rule.times !== undefined && fired >= rule.times) continue
      if (!this.#fires(rule.rate)) continue
      this.#fired.set(rule, fired + 1)
      out.push(rule)
    }
    return out
  }

  /** A rate of 1 always fires and draws no random number (so injected sequences stay readable). */
  #fires(rate: number): boolean {
    return rate >= 1 || this.#random() < rate
  }

  #latency(effects: FaultEffects[]): number {
    let total = 0
    for (const { latency } of effects)
      if (latency) total += latency.min + Math.round(this.#random() * (latency.max - latency.min))
    return total
  }

  wrap(fetch: MockFetch): MockFetch {
    // Not async: a request without faults goes on with no promise of this layer's own.
    return (req, env) => {
      let effects: FaultEffects[]
      try {
        effects = this.effectsFor(req)
      } catch (err) {
        // A malformed X-Mock-Fault header: say so plainly rather than guess.
        return Promise.resolve(
          new Response(`${(err as Error).message}\n`, {
            status: 400,
            headers: { 'Content-Type': 'text/plain' },
          }),
        )
      }
      return effects.length === 0 ? fetch(req, env) : this.#faulted(fetch, req, env, effects)
    }
  }

  async #faulted(fetch: MockFetch, req: Request, env: unknown, effects: FaultEffects[]): Promise<Response> {
    const wait = this.#latency(effects)
    if (wait > 0) await this.#sleep(wait)
    const path = corePath(pathOf(req.url))
    const first = effects.find((e) => e.drop || e.status !== undefined)
    if (first?.drop) return drop(env)
    if (first?.status !== undefined) return familyError(path, first.status, first.message)
    const res = await fetch(req, env)
    const cut = effects.find((e) => e.truncate)?.truncate
    return cut ? truncate(res, cut, env) : res
  }
}

/** No answer at all: the socket is destroyed; in process, a network error. */
function drop(env: unknown): Response {
  const socket = socketOf(env)
  if (!socket) return Response.error()
  socket.destroy()
  // Never written: the socket is gone.
  return new Response(null, { status: 204 })
}

/**
 * The answer's head and the first bytes of its body, then the connection closes (the Content-Length of the
 * whole body is kept, so the client sees a short read, as when a proxy or the network gives up).
 */
async function truncate(
  res: Response,
  cut: { bytes: number } | { fraction: number },
  env: unknown,
): Promise<Response> {
  if (!res.body) return res
  let body: ReadableStream<Uint8Array> = res.body
  const headers = new Headers(res.headers)
  let length = Number(res.headers.get('content-length') ?? Number.NaN)
  if (!Number.isFinite(length)) {
    // A body of unknown length (JSON answers) is read first, so the head can announce all of it.
    const whole = new Uint8Array(await res.arrayBuffer())
    length = whole.byteLength
    body = new Blob([whole]).stream()
    headers.set('Content-Length', String(length))
  }
  const limit = 'bytes' in cut ? Math.min(cut.bytes, length) : Math.floor(length * cut.fraction)
  const socket = socketOf(env)
  const reader = body.getReader()
  let sent = 0
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (sent < limit) {
        const { value, done } = await reader.read()
        if (done) return controller.close()
        const piece = value.subarray(0, limit - sent)
        sent += piece.byteLength
        if (piece.byteLength > 0) return controller.enqueue(piece)
      }
      await reader.cancel().catch(() => {})
      if (!socket)
        return controller.error(new TypeError(`body truncated after ${sent} bytes (${FAULT_HEADER})`))
      // @hono/node-server reads a chunk or two before it writes the head: wait until the head and the bytes
      // allowed are handed to the socket (bounded), then close it; the client reads `sent` bytes and the end.
      const outgoing = (env as { outgoing?: { headersSent?: boolean } } | undefined)?.outgoing
      for (let waited = 0; outgoing && !outgoing.headersSent && waited < 5000; waited += 5)
        await new Promise((resolve) => setTimeout(resolve, 5))
      await new Promise((resolve) => setImmediate(resolve))
      socket.end()
      if (!socket.closed) await new Promise((resolve) => socket.once('close', resolve))
      controller.close()
    },
    cancel: () => reader.cancel().catch(() => {}),
  })
  return new Response(stream, { status: res.status, statusText: res.statusText, headers })
}
