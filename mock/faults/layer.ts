/**
 * The outermost layer of the mock: throttling, then fault injection, around the core's fetch, configured
 * from the options and the fault config file, and changeable at run time through `/__mock__/faults`
 * (GET lists, PUT `{"faults": [...]}` replaces, DELETE clears) when the admin API is on.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { withCors } from '../cors.ts'
import { pathOf } from '../http/requestPath.ts'
import { parseThrottle, Throttle, type ThrottleRates } from '../throttle/throttle.ts'
import { FaultInjector, type MockFetch } from './inject.ts'
import { type FaultRule, FaultRuleError, parseFaultRule, ruleFromObject } from './rules.ts'

export interface FaultLayerOptions {
  faults: string[]
  faultConfig?: string
  faultHeader: boolean
  throttle?: string
  adminApi: boolean
  /** CORS of the front (`corsOrigin`): fault and throttle answers get the same headers, or browsers could not read them. */
  corsOrigin: string
}

interface ConfigFile {
  faults?: (string | Record<string, unknown>)[]
  header?: boolean
  throttle?: string
}

/** Rules given as strings or objects. */
export function parseRules(items: unknown[]): FaultRule[] {
  return items.map((item) => {
    if (typeof item === 'string') return parseFaultRule(item)
    if (item && typeof item === 'object') return ruleFromObject(item as Record<string, unknown>)
    throw new FaultRuleError(`fault ${JSON.stringify(item)}: expected a string or an object`)
  })
}

function readConfig(file: string): ConfigFile {
  let value: unknown
  try {
    value = parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new RangeError(`fault config ${file}: ${(err as Error).message.split('\n')[0]}`)
  }
  if (Array.isArray(value)) return { faults: value }
  if (value === null || typeof value !== 'object')
    throw new RangeError(`fault config ${file}: expected a map or a list`)
  const config = value as ConfigFile
  if (config.faults !== undefined && !Array.isArray(config.faults))
    throw new RangeError(`fault config ${file}: "faults" must be a list`)
  return config
}

export interface FaultLayer {
  readonly injector: FaultInjector
  readonly throttle?: Throttle
  wrap(fetch: MockFetch): MockFetch
}

/** Builds the layer; throws a RangeError (a user error) for a bad rule, rate or file. */
export function createFaultLayer(o: FaultLayerOptions): FaultLayer {
  const file = o.faultConfig ? readConfig(o.faultConfig) : {}
  const rules = [...parseRules(file.faults ?? []), ...parseRules(o.faults)]
  const rates: ThrottleRates | undefined = parseThrottle(o.throttle ?? file.throttle ?? '')
  const injector = new FaultInjector({ rules, header: file.header ?? o.faultHeader })
  const throttle = rates ? new Throttle(rates) : undefined
  return {
    injector,
    throttle,
    wrap(fetch) {
      const faulted = injector.wrap(throttle ? throttle.wrap(fetch) : fetch)
      const inner: MockFetch = async (req, env) => {
        const res = await faulted(req, env)
        // A network error has no headers to add; everything else gets the front's CORS headers. `status`
        // first: reading `type` turns @hono/node-server's lightweight Response into a web-stream one.
        return res.status === 0 && res.type === 'error' ? res : withCors(o.corsOrigin, req, res)
      }
      if (!o.adminApi) return inner
      return async (req, env) => {
        if (pathOf(req.url) !== '/__mock__/faults') return inner(req, env)
        return adminFaults(req, injector, rates)
      }
    },
  }
}

const json = (value: unknown, status = 200) =>
  new Response(JSON.stringify(value), { status, headers: { 'Content-Type': 'application/json' } })

async function adminFaults(
  req: Request,
  injector: FaultInjector,
  rates: ThrottleRates | undefined,
): Promise<Response> {
  const state = () => ({
    faults: injector.rules.map((r) => r.source),
    header: injector.settings.header,
    throttle: rates ?? null,
  })
  if (req.method === 'GET') return json(state())
  if (req.method === 'DELETE') {
    injector.rules = []
    return json(state())
  }
  if (req.method === 'PUT' || req.method === 'POST') {
    try {
      const body = (await req.json()) as { faults?: unknown }
      if (!Array.isArray(body.faults)) throw new FaultRuleError('expected {"faults": [rule, …]}')
      injector.rules = parseRules(body.faults)
    } catch (err) {
      return json({ error: (err as Error).message }, 400)
    }
    return json(state())
  }
  return json({ error: `Method "${req.method}" not allowed.` }, 405)
}
