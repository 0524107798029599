import { describe, expect, it } from 'vitest'
import { resultOf, spread } from '../testResults.ts'
import { parseThreshold } from '../thresholds.ts'
import { renderHtml } from './html.ts'
import { buildReport } from './model.ts'
import { renderTerminal } from './terminal.ts'

const current = resultOf({
  'download-link': { latencies: spread(200, 1, 4) },
  download: { latencies: spread(200, 5, 50), failures: { '500': 3, timeout: 1 }, bytesIn: 50e6 },
})
const before = resultOf({
  'download-link': { latencies: spread(100, 1, 4) },
  download: { latencies: spread(100, 5, 25), bytesIn: 25e6 },
})
const report = buildReport(current, ['download.p95<30ms', 'errors<5%'].map(parseThreshold), {
  file: 'old/load.json',
  result: before,
})

describe('renderTerminal', () => {
  const text = renderTerminal(report)

  it('prints a row per step and the total, with errors by status', () => {
    expect(text).toMatch(/^download-link\s+200\s+20\.0\s/m)
    expect(text).toMatch(/^download\s+204\s+20\.4\s+5\.00\s/m)
    expect(text).toMatch(/^total\s+404\s/m)
    expect(text).toContain('download: 500×3, timeout×1')
  })

  it('marks each threshold and the comparison with the baseline', () => {
    expect(text).toMatch(/✗ download\.p95<30ms\s+47\.\d\dms/)
    expect(text).toMatch(/✓ errors<5%\s+0\.99%/)
    expect(text).toContain('compared with old/load.json')
    expect(text).toMatch(/download\s+10\.0 → 20\.4 \+104\.0%/)
  })
})

describe('renderHtml', () => {
  const html = renderHtml(report)

  it('is one offline page: Chart.js inlined, data embedded, no external resource', () => {
    expect(html).toContain('Chart.js v4')
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=/)
    for (const id of ['distribution', 'throughput', 'latency', 'compare-p95', 'compare-rps']) {
      expect(html).toContain(`<canvas id="${id}">`)
    }
    const data = JSON.parse(
      html.slice(html.indexOf('id="data">') + 10, html.indexOf('</script>', html.indexOf('id="data">'))),
    )
    expect(data.distribution.download).toHaveLength(9)
    expect(data.baselineDistribution.download).toHaveLength(9)
  })

  it('shows failed thresholds and the change in percent', () => {
    expect(html).toContain('thresholds failed')
    expect(html).toContain('+104.0%')
  })
})
