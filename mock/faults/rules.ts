/**
 * Fault rules, WireMock-style, as text: `[METHOD ]PATH:effect[,effect…]`, e.g.
 *   GET /api2/repos/*:latency=200ms           every library call 200 ms late
 *   POST /seafhttp/upload-api/*:status=503,rate=0.1   one upload in ten refused with 503
 *   *:latency=50-300ms                         uniform latency on everything
 *   /seafhttp/files/*:truncate=50%            downloads cut in half, then the connection closes
 *   PUT /api2/repos/*:drop,times=1            the first matching request loses its connection
 * `*` in a path matches any characters, `/` included; the query is ignored. The `X-Mock-Fault` request
 * header takes the effects alone (`status=503`, `latency=2s,drop`).
 */

export interface Latency {
  min: number
  max: number
}

export interface FaultEffects {
  /** Milliseconds to wait before answering: fixed (`min === max`) or uniform in [min, max]. */
  latency?: Latency
  /** Answer this status with the route family's Seafile error body instead of running the request. */
  status?: number
  /** The message in that body (default: the family's usual one for the status). */
  message?: string
  /** Close the connection without an answer. */
  drop?: boolean
  /** Send only this much of the answer's body, then close the connection. */
  truncate?: { bytes: number } | { fraction: number }
  /** Probability that the rule fires for a matching request (default 1). */
  rate: number
  /** Fire at most this many times (default: no limit). */
  times?: number
}

export interface FaultRule extends FaultEffects {
  /** Upper-case method, or undefined for any. */
  method?: string
  /** The path pattern as given (`*` wildcards). */
  path: string
  /** The rule as written, for messages and `GET /__mock__/faults`. */
  source: string
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']
const KEYS = ['latency', 'status', 'message', 'drop', 'truncate', 'rate', 'times']

export class FaultRuleError extends RangeError {
  override name = 'FaultRuleError'
}

/** `200ms`, `1.5s`, `200` (ms). */
function duration(text: string, source: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(text.trim())
  if (!m) throw new FaultRuleError(`fault "${source}": "${text}" is not a duration (200ms, 1.5s)`)
  const value = Number(m[1]) * (m[2] === 's' ? 1000 : 1)
  if (value > 600_000) throw new FaultRuleError(`fault "${source}": latency over 10 minutes`)
  return Math.round(value)
}

function latency(text: string, source: string): Latency {
  // `100-500ms`: the unit after the second number applies to both unless the first has its own.
  const m = /^([\d.]+)(ms|s)?-([\d.]+)(ms|s)?$/.exec(text.trim())
  if (!m) {
    const fixed = duration(text, source)
    return { min: fixed, max: fixed }
  }
  const unit = m[4] ?? m[2] ?? 'ms'
  const min = duration(m[1]! + (m[2] ?? unit), source)
  const max = duration(m[3]! + unit, source)
  if (min > max) throw new FaultRuleError(`fault "${source}": latency range ${text} runs backwards`)
  return { min, max }
}

function fraction(text: string, source: string, what: string): number {
  const m = /^(\d+(?:\.\d+)?)(%)?$/.exec(text.trim())
  const value = m ? Number(m[1]) / (m[2] ? 100 : 1) : Number.NaN
  if (!(value >= 0 && value <= 1))
    throw new FaultRuleError(`fault "${source}": ${what} must be 0..1 or 0%..100%`)
  return value
}

/** Parses the effects part: `latency=200ms,status=503,rate=10%,drop`. */
export function parseEffects(text: string, source = text): FaultEffects {
  const effects: FaultEffects = { rate: 1 }
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (items.length === 0)
    throw new FaultRuleError(`fault "${source}": no effect (latency, status, drop, truncate)`)
  for (const item of items) {
    const eq = item.indexOf('=')
    const key = (eq < 0 ? item : item.slice(0, eq)).trim().toLowerCase()
    const value = eq < 0 ? '' : item.slice(eq + 1).trim()
    switch (key) {
      case 'latency':
      case 'delay':
        effects.latency = latency(value, source)
        break
      case 'status':
      case 'error': {
        const status = Number(value)
        if (!Number.isInteger(status) || status < 400 || status > 599)
          throw new FaultRuleError(`fault "${source}": status must be 400..599, got "${value}"`)
        effects.status = status
        break
      }
      case 'message':
        effects.message = decodeURIComponent(value)
        break
      case 'drop':
        effects.drop = value === '' || value === 'true' || value === '1'
        break
      case 'truncate':
        effects.truncate = value.endsWith('%')
          ? { fraction: fraction(value, source, 'truncate') }
          : /^\d+$/.test(value)
            ? { bytes: Number(value) }
            : (() => {
                throw new FaultRuleError(`fault "${source}": truncate is a byte count or a percentage`)
              })()
        break
      case 'rate':
        effects.rate = fraction(value, source, 'rate')
        break
      case 'times': {
        const times = Number(value)
        if (!Number.isInteger(times) || times < 1)
          throw new FaultRuleError(`fault "${source}": times must be a positive integer`)
        effects.times = times
        break
      }
      default:
        throw new FaultRuleError(`fault "${source}": unknown effect "${key}" (${KEYS.join(', ')})`)
    }
  }
  if (effects.status !== undefined && effects.drop)
    throw new FaultRuleError(`fault "${source}": status and drop exclude each other`)
  return effects
}

/** Parses `[METHOD ]PATH:effects`. */
export function parseFaultRule(text: string): FaultRule {
  const source = text.trim()
  // The effects start at the first ":" followed by an effect name (a path may hold ":" itself).
  const at = [...source.matchAll(/:/g)]
    .map((m) => m.index!)
    .find((i) => new RegExp(`^(${KEYS.join('|')}|delay|error)\\b`, 'i').test(source.slice(i + 1).trim()))
  if (at === undefined) throw new FaultRuleError(`fault "${source}": expected [METHOD ]PATH:effect[,effect…]`)
  const target = source.slice(0, at).trim().split(/\s+/)
  let method: string | undefined
  if (target.length === 2) {
    method = target[0]!.toUpperCase()
    if (method === '*' || method === 'ANY') method = undefined
    else if (!METHODS.includes(method))
      throw new FaultRuleError(`fault "${source}": unknown method ${target[0]}`)
  } else if (target.length !== 1)
    throw new FaultRuleError(`fault "${source}": expected [METHOD ]PATH before ":"`)
  const path = target[target.length - 1]!
  if (path !== '*' && !path.startsWith('/'))
    throw new FaultRuleError(`fault "${source}": the path must start with / (or be *)`)
  return { method, path, source, ...parseEffects(source.slice(at + 1), source) }
}

/** A rule given as an object (config files): `{method, path, latency: '200ms', status: 503, rate: 0.1, …}`. */
export function ruleFromObject(value: Record<string, unknown>): FaultRule {
  const { method, path, ...effects } = value
  const text = Object.entries(effects)
    .map(([k, v]) => (v === true ? k : `${k}=${String(v)}`))
    .join(',')
  return parseFaultRule(`${method ? `${String(method)} ` : ''}${String(path ?? '*')}:${text}`)
}

const patterns = new Map<string, RegExp>()

/** Whether a rule applies to a method and path. */
export function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  if (rule.method && rule.method !== method.toUpperCase() && !(rule.method === 'GET' && method === 'HEAD'))
    return false
  let re = patterns.get(rule.path)
  if (!re) {
    re = new RegExp(
      `^${rule.path
        .split('*')
        .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
        .join('.*')}$`,
    )
    patterns.set(rule.path, re)
  }
  return re.test(path)
}
