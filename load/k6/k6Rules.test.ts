/**
 * `--emit k6` checked by k6's own rules without the k6 binary: the script parses as an ES module (esbuild's
 * parser, a devDependency already), imports only k6's modules, and its evaluated `options` follow k6's
 * options schema, executors and threshold syntax (k6Rules.ts).
 */
import { runInNewContext } from 'node:vm'
import { build, type Plugin } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { parseLoadArgs } from '../config.ts'
import { emitK6 } from './emit.ts'
import { isK6Module, type MetricType, optionsSchema, scenarioSchema, thresholdProblems } from './k6Rules.ts'

/** Every import of the script, by kind, parsed as an ES module (a syntax error rejects). */
async function imports(script: string): Promise<{ path: string; kind: string }[]> {
  const seen: { path: string; kind: string }[] = []
  const collect: Plugin = {
    name: 'collect',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return undefined
        seen.push({ path: args.path, kind: args.kind })
        return { path: args.path, external: true }
      })
    },
  }
  await build({
    stdin: { contents: script, loader: 'js' },
    bundle: true,
    format: 'esm',
    write: false,
    logLevel: 'silent',
    plugins: [collect],
  })
  return seen
}

/** The module's exports as k6 would see them at init time, k6's modules replaced by stubs. */
async function evaluate(
  script: string,
): Promise<{ exports: Record<string, unknown>; metrics: Record<string, MetricType> }> {
  const stubs: Plugin = {
    name: 'k6-stubs',
    setup(b) {
      b.onResolve({ filter: /^k6/ }, (args) => ({ path: args.path, namespace: 'k6' }))
      b.onLoad({ filter: /.*/, namespace: 'k6' }, () => ({
        contents: ['Counter', 'Trend', 'Rate', 'Gauge']
          .map((c) => `export class ${c} { constructor(name) { __metrics[name] = '${c.toLowerCase()}' } }`)
          .concat(['export default {}'])
          .join('\n'),
      }))
    },
  }
  const out = await build({
    stdin: { contents: script, loader: 'js' },
    bundle: true,
    format: 'cjs',
    write: false,
    logLevel: 'silent',
    plugins: [stubs],
  })
  const module = { exports: {} as Record<string, unknown> }
  const metrics: Record<string, MetricType> = {}
  runInNewContext(out.outputFiles[0]!.text, {
    module,
    exports: module.exports,
    __ENV: {},
    __metrics: metrics,
  })
  return { exports: module.exports, metrics }
}

async function checkScript(argv: string[]) {
  const { script } = emitK6(parseLoadArgs(argv, {}))
  const found = await imports(script)
  expect(
    found.filter((i) => i.kind !== 'import-statement'),
    'only static imports',
  ).toEqual([])
  expect(
    found.filter((i) => !isK6Module(i.path)),
    'only k6 modules',
  ).toEqual([])
  const { exports, metrics } = await evaluate(script)
  expect(typeof exports.default).toBe('function')
  expect(typeof exports.setup).toBe('function')
  expect(typeof exports.teardown).toBe('function')
  const options = optionsSchema.safeParse(exports.options)
  expect(options.error?.issues ?? []).toEqual([])
  const problems = Object.entries(options.data!.thresholds).flatMap(([key, list]) =>
    thresholdProblems(
      key,
      list.map((t) => (typeof t === 'string' ? t : t.threshold)),
      metrics,
    ),
  )
  expect(problems).toEqual([])
  return options.data!
}

describe('--emit k6 by k6’s rules', () => {
  it('the default scenario: an ES module importing k6 only, a constant-vus scenario with its fields', async () => {
    const options = await checkScript([])
    expect(options.scenarios.load).toMatchObject({ executor: 'constant-vus', vus: 10, duration: '30s' })
  })

  it('thresholds of every kind, on the open model, are k6 thresholds on k6 metrics', async () => {
    const options = await checkScript([
      ...['--scenario', 'mixed', '--rate', '200/s', '--duration', '1m30s'],
      ...['--threshold', 'p95<200ms', '--threshold', 'download.p99<1s', '--threshold', 'errors<1%'],
      ...['--threshold', 'rps>100', '--threshold', 'requests>=1000', '--threshold', 'max<2s'],
      ...['--threshold', 'upload.med<50', '--threshold', 'min>=0us', '--threshold', 'p99.9<3s'],
    ])
    expect(options.scenarios.load).toMatchObject({ executor: 'constant-arrival-rate', duration: '90s' })
    expect(Object.keys(options.thresholds).sort()).toEqual([
      'http_req_duration{seafile_phase:timed}',
      'http_req_duration{step:download}',
      'http_req_duration{step:upload}',
      'http_req_failed{seafile_phase:timed}',
      'http_reqs{seafile_phase:timed}',
    ])
  })

  it('the rules catch what k6 refuses', () => {
    expect(thresholdProblems('http_req_duration', ['p95<200'])).toHaveLength(1)
    expect(thresholdProblems('http_req_duration', ['rate<0.01'])).toHaveLength(1)
    expect(thresholdProblems('http_req_failed{step:x}', ['p(95)<1'])).toHaveLength(1)
    expect(thresholdProblems('no_such_metric', ['count>1'])).toHaveLength(1)
    expect(thresholdProblems('http_reqs{step}', ['count>1'])).toHaveLength(1)
    expect(thresholdProblems('http_reqs{step:a}', ['count>1', 'rate>=2.5'])).toEqual([])
    expect(scenarioSchema.safeParse({ executor: 'constant-vus', vus: 10 }).success).toBe(false)
    expect(
      scenarioSchema.safeParse({ executor: 'constant-arrival-rate', rate: 5, duration: '1m' }).success,
    ).toBe(false)
    expect(scenarioSchema.safeParse({ executor: 'constant-vus', vus: 1, duration: '30' }).success).toBe(false)
    expect(isK6Module('k6/http')).toBe(true)
    expect(isK6Module('node:fs')).toBe(false)
  })
})
