/**
 * k6's own rules for a script's `options` and imports, for checking emitted scripts where the k6 binary is
 * not at hand (k6rules.test.ts). From k6's documentation (Options reference, Scenarios/Executors,
 * Thresholds, Built-in metrics); k6 refuses a script that breaks them before it sends a request:
 * - each executor's required fields (`constant-vus`: vus, duration; `constant-arrival-rate`: rate,
 *   duration, preAllocatedVUs; …) and no field of another executor;
 * - threshold keys `metric_name{tag:value}`, expressions `AGG OP NUMBER` where AGG fits the metric's type
 *   (trend: avg/min/max/med/p(N); rate: rate; counter: count/rate; gauge: value);
 * - durations in Go's form (`30s`, `1m30s`, `500ms`);
 * - imports only of k6's modules (or remote https:// modules, which emitted scripts do not use).
 */
import { z } from 'zod'

const duration = z.string().regex(/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/, 'a k6 duration such as 30s or 1m30s')
const positiveInt = z.number().int().positive()
const stage = z.object({ duration, target: z.number().int().nonnegative() }).strict()

/** Fields every executor takes. */
const common = {
  startTime: duration.optional(),
  gracefulStop: duration.optional(),
  exec: z.string().optional(),
  env: z.record(z.string(), z.string()).optional(),
  tags: z.record(z.string(), z.string()).optional(),
}

export const scenarioSchema = z.discriminatedUnion('executor', [
  z
    .object({
      executor: z.literal('shared-iterations'),
      vus: positiveInt.optional(),
      iterations: positiveInt.optional(),
      maxDuration: duration.optional(),
      ...common,
    })
    .strict(),
  z
    .object({
      executor: z.literal('per-vu-iterations'),
      vus: positiveInt.optional(),
      iterations: positiveInt.optional(),
      maxDuration: duration.optional(),
      ...common,
    })
    .strict(),
  z.object({ executor: z.literal('constant-vus'), vus: positiveInt, duration, ...common }).strict(),
  z
    .object({
      executor: z.literal('ramping-vus'),
      stages: z.array(stage).min(1),
      startVUs: z.number().int().nonnegative().optional(),
      gracefulRampDown: duration.optional(),
      ...common,
    })
    .strict(),
  z
    .object({
      executor: z.literal('constant-arrival-rate'),
      rate: positiveInt,
      timeUnit: duration.optional(),
      duration,
      preAllocatedVUs: positiveInt,
      maxVUs: positiveInt.optional(),
      ...common,
    })
    .strict()
    .refine((s) => s.maxVUs === undefined || s.maxVUs >= s.preAllocatedVUs, 'maxVUs below preAllocatedVUs'),
  z
    .object({
      executor: z.literal('ramping-arrival-rate'),
      stages: z.array(stage).min(1),
      startRate: z.number().int().nonnegative().optional(),
      timeUnit: duration.optional(),
      preAllocatedVUs: positiveInt,
      maxVUs: positiveInt.optional(),
      ...common,
    })
    .strict(),
  z
    .object({
      executor: z.literal('externally-controlled'),
      vus: positiveInt.optional(),
      maxVUs: positiveInt.optional(),
      duration,
      ...common,
    })
    .strict(),
])

const TREND_STAT = /^(avg|min|med|max|count|p\(\d+(\.\d+)?\))$/

/** The options this project's scripts set; k6 has more (they would be errors here until used). */
export const optionsSchema = z
  .object({
    scenarios: z.record(z.string().regex(/^[a-zA-Z0-9_-]+$/), scenarioSchema),
    thresholds: z.record(
      z.string(),
      z.array(
        z.union([
          z.string(),
          z
            .object({
              threshold: z.string(),
              abortOnFail: z.boolean().optional(),
              delayAbortEval: duration.optional(),
            })
            .strict(),
        ]),
      ),
    ),
    summaryTrendStats: z.array(z.string().regex(TREND_STAT)).optional(),
    setupTimeout: duration.optional(),
    teardownTimeout: duration.optional(),
    tags: z.record(z.string(), z.string()).optional(),
  })
  .strict()

export type MetricType = 'trend' | 'rate' | 'counter' | 'gauge'

/** k6's built-in metrics (docs: Metrics reference) by type. */
export const BUILTIN_METRICS: Record<string, MetricType> = {
  http_reqs: 'counter',
  http_req_failed: 'rate',
  http_req_duration: 'trend',
  http_req_blocked: 'trend',
  http_req_connecting: 'trend',
  http_req_tls_handshaking: 'trend',
  http_req_sending: 'trend',
  http_req_waiting: 'trend',
  http_req_receiving: 'trend',
  iteration_duration: 'trend',
  iterations: 'counter',
  dropped_iterations: 'counter',
  data_sent: 'counter',
  data_received: 'counter',
  checks: 'rate',
  vus: 'gauge',
  vus_max: 'gauge',
}

/** The aggregations k6 accepts in a threshold on each metric type. */
const AGGREGATIONS: Record<MetricType, RegExp> = {
  trend: /^(avg|min|max|med|p\(\d+(\.\d+)?\))$/,
  rate: /^rate$/,
  counter: /^(count|rate)$/,
  gauge: /^value$/,
}

const KEY = /^(?<metric>[a-zA-Z_][a-zA-Z0-9_]{0,127})(?:\{(?<tags>[^{}]+)\})?$/
const EXPRESSION = /^\s*(?<agg>[a-z]+(?:\(\d+(?:\.\d+)?\))?)\s*(?<op><=|>=|===|==|!=|<|>)\s*-?\d+(\.\d+)?\s*$/

/** Problems of one threshold key and its expressions; `custom` holds the script's own metrics. */
export function thresholdProblems(
  key: string,
  expressions: readonly string[],
  custom: Record<string, MetricType> = {},
): string[] {
  const k = KEY.exec(key)
  if (!k?.groups) return [`threshold key "${key}" is not metric{tag:value}`]
  const problems: string[] = []
  const tags = k.groups.tags?.split(',') ?? []
  for (const tag of tags)
    if (!/^\s*[a-zA-Z_][\w-]*\s*:\s*[^,]+$/.test(tag))
      problems.push(`"${key}": tag filter "${tag}" is not name:value`)
  const type = BUILTIN_METRICS[k.groups.metric!] ?? custom[k.groups.metric!]
  if (!type) return [...problems, `"${key}": no metric ${k.groups.metric}`]
  for (const e of expressions) {
    const m = EXPRESSION.exec(e)
    if (!m?.groups) problems.push(`"${key}": "${e}" is not AGGREGATION OPERATOR NUMBER`)
    else if (!AGGREGATIONS[type].test(m.groups.agg!))
      problems.push(`"${key}": ${m.groups.agg} does not apply to a ${type}`)
  }
  return problems
}

/** k6's modules, which k6 resolves itself (docs: JavaScript API). */
export function isK6Module(specifier: string): boolean {
  return /^k6(\/(http|metrics|execution|data|crypto|encoding|html|ws|timers|net\/grpc|secrets|browser|experimental\/[a-z-]+))?$/.test(
    specifier,
  )
}
