import { describe, expect, it } from 'vitest'
import { UserError } from '../cli/userError.ts'
import { analyze } from './summary.ts'
import { resultOf, spread } from './testResults.ts'
import { checkThresholdSteps, evaluate, parseThreshold } from './thresholds.ts'

describe('parseThreshold', () => {
  it('reads latency percentiles with ms, s and us units', () => {
    expect(parseThreshold('p95<200ms')).toMatchObject({
      metric: 'latency',
      percentile: 95,
      op: '<',
      value: 200,
    })
    expect(parseThreshold('p99<1s')).toMatchObject({ metric: 'latency', percentile: 99, value: 1000 })
    expect(parseThreshold('p99.9<=500us')).toMatchObject({ percentile: 99.9, op: '<=', value: 0.5 })
    expect(parseThreshold('max<2s')).toMatchObject({ metric: 'latency', percentile: 100, value: 2000 })
    expect(parseThreshold('p50<3')).toMatchObject({ value: 3 })
  })

  it('reads rates, error ratios and per-step selectors', () => {
    expect(parseThreshold('rps>100')).toMatchObject({ metric: 'rps', op: '>', value: 100 })
    expect(parseThreshold('errors<1%')).toMatchObject({ metric: 'errors', value: 0.01 })
    expect(parseThreshold('errors<0.05')).toMatchObject({ metric: 'errors', value: 0.05 })
    expect(parseThreshold('download.p95<300ms')).toMatchObject({
      step: 'download',
      percentile: 95,
      value: 300,
    })
    expect(parseThreshold('upload-chunk.rps >= 5')).toMatchObject({
      step: 'upload-chunk',
      op: '>=',
      value: 5,
    })
  })

  it('rejects what it cannot read with a one-line user error', () => {
    for (const bad of ['p95', 'p95=200ms', 'latency<2', 'errors<5', 'p95<10%', 'rps>5ms', '']) {
      expect(() => parseThreshold(bad), bad).toThrow(UserError)
    }
  })
})

describe('evaluate', () => {
  // 100 downloads at 1..100 ms and 100 links at 1..10 ms, over 10 s.
  const result = resultOf({
    'download-link': { latencies: spread(100, 1, 10) },
    download: { latencies: spread(100, 1, 100), failures: { '500': 2 } },
  })
  const { summary, latencyMs } = analyze(result)
  const judge = (...sources: string[]) =>
    evaluate(sources.map(parseThreshold), summary, latencyMs).map((o) => [o.threshold, o.passed])

  it('judges percentiles on the histogram of the selected step', () => {
    expect(judge('download.p95<100ms', 'download.p95<90ms', 'download-link.p99<11ms')).toEqual([
      ['download.p95<100ms', true],
      ['download.p95<90ms', false],
      ['download-link.p99<11ms', true],
    ])
  })

  it('judges unprefixed thresholds on all steps together', () => {
    // 202 requests in 10 s; 2 errors of 202.
    expect(judge('rps>20', 'rps>21', 'errors<1%', 'errors<=0.01', 'requests>=202')).toEqual([
      ['rps>20', true],
      ['rps>21', false],
      ['errors<1%', true],
      ['errors<=0.01', true],
      ['requests>=202', true],
    ])
  })

  it('fails a threshold on a step the result does not have, saying which steps exist', () => {
    const [outcome] = evaluate([parseThreshold('upload.p95<1s')], summary, latencyMs)
    expect(outcome).toMatchObject({ passed: false, problem: 'no step "upload" (download-link, download)' })
  })

  it('refuses before the run a threshold naming a step of another scenario', () => {
    expect(() => checkThresholdSteps([parseThreshold('upload.p95<1s')], ['repos', 'dir'])).toThrow(/no step/)
  })
})
