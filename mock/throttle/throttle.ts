/**
 * Optional rate limits with seahub's answer: DRF's SimpleRateThrottle over a sliding window per scope and
 * client, and when over the limit 429 `{"detail":"Request was throttled. Expected available in N seconds."}`
 * with `Retry-After: N` (rest_framework/throttling.py, exceptions.py::Throttled; N rounded up, "1 second."
 * in the singular). Scopes as seahub's settings name them: `anon` (requests without a token, auth-token
 * included; default 60/min), `user` (requests with a token, keyed by it; 3000/min), `ping` (/api2/ping/;
 * 3000/min). Only seahub routes are throttled; the file server is not.
 */
import { drfError, renderError } from '../errors.ts'
import type { MockFetch } from '../faults/inject.ts'

export type Scope = 'anon' | 'user' | 'ping'

export interface Rate {
  requests: number
  /** Window length in seconds. */
  seconds: number
}

export type ThrottleRates = Partial<Record<Scope, Rate>>

/** REST_FRAMEWORK['DEFAULT_THROTTLE_RATES'] of seahub/settings.py. */
export const SEAHUB_RATES: Record<Scope, Rate> = {
  anon: { requests: 60, seconds: 60 },
  user: { requests: 3000, seconds: 60 },
  ping: { requests: 3000, seconds: 60 },
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 }

/** SimpleRateThrottle.parse_rate: `60/min` (only the unit's first letter counts), also `5/10s`. */
export function parseRate(text: string): Rate {
  const m = /^\s*(\d+)\s*\/\s*(\d*)\s*([smhd])[a-z]*\s*$/i.exec(text)
  if (!m) throw new RangeError(`throttle rate "${text}": expected N/sec, N/min, N/hour or N/day`)
  return { requests: Number(m[1]), seconds: Number(m[2] || 1) * UNITS[m[3]!.toLowerCase()]! }
}

/** `on` (seahub's rates), `off`, or `anon=5/min,user=100/min,ping=10/s` (unnamed scopes are not throttled). */
export function parseThrottle(text: string): ThrottleRates | undefined {
  const t = text.trim().toLowerCase()
  if (t === '' || t === 'off' || t === 'false' || t === '0') return undefined
  if (t === 'on' || t === 'true' || t === '1' || t === 'seahub') return { ...SEAHUB_RATES }
  const rates: ThrottleRates = {}
  for (const item of text.split(',')) {
    const [scope, rate] = item.split('=').map((s) => s.trim())
    if (scope !== 'anon' && scope !== 'user' && scope !== 'ping')
      throw new RangeError(`throttle "${item}": the scope is anon, user or ping`)
    rates[scope] = parseRate(rate ?? '')
  }
  return rates
}

/** The throttle message, worded as DRF's Throttled (ngettext singular for 1). */
export const throttledDetail = (wait: number): string =>
  `Request was throttled. Expected available in ${wait} ${wait === 1 ? 'second' : 'seconds'}.`

function clientOf(req: Request, env: unknown): string {
  // SimpleRateThrottle.get_ident: X-Forwarded-For's first address (NUM_PROXIES unset), else REMOTE_ADDR.
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim()
  if (forwarded) return forwarded
  const socket = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
  return socket?.remoteAddress ?? 'local'
}

export class Throttle {
  readonly #history = new Map<string, number[]>()

  constructor(
    readonly rates: ThrottleRates,
    readonly now: () => number = () => Date.now() / 1000,
  ) {}

  /** The scope and key of a request, or undefined when it is not throttled. */
  #keyOf(req: Request, env: unknown): { scope: Scope; key: string; rate: Rate } | undefined {
    const path = new URL(req.url).pathname.replace(/^\/__ns\/[^/]+(?=\/)/, '')
    if (!/^\/api2?\//.test(path)) return undefined
    const auth = req.headers.get('authorization')?.trim().split(/\s+/)
    const token = auth?.[0]?.toLowerCase() === 'token' ? auth[1] : undefined
    const scope: Scope = path === '/api2/ping/' ? 'ping' : token ? 'user' : 'anon'
    const rate = this.rates[scope]
    if (!rate) return undefined
    return { scope, key: `${scope}:${token ?? clientOf(req, env)}`, rate }
  }

  /** Seconds to wait (rounded up) when the request is over its limit, else undefined (and it is counted). */
  check(req: Request, env?: unknown): number | undefined {
    const k = this.#keyOf(req, env)
    if (!k) return undefined
    const now = this.now()
    const history = (this.#history.get(k.key) ?? []).filter((t) => t > now - k.rate.seconds)
    this.#history.set(k.key, history)
    if (history.length >= k.rate.requests) {
      // SimpleRateThrottle.wait: the window's remainder spread over the requests that will be free.
      const remaining = history.length ? k.rate.seconds - (now - history[0]!) : k.rate.seconds
      const available = k.rate.requests - history.length + 1
      return Math.max(1, Math.ceil(available > 0 ? remaining / available : remaining))
    }
    history.push(now)
    return undefined
  }

  wrap(fetch: MockFetch): MockFetch {
    return async (req, env) => {
      const wait = this.check(req, env)
      if (wait === undefined) return fetch(req, env)
      return renderError({
        ...drfError(429, throttledDetail(wait)),
        headers: { 'Retry-After': String(wait) },
      })
    }
  }
}
