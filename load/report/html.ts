/**
 * `load.html`: one self-contained page (Chart.js inlined, opens offline) with the summary, thresholds,
 * the baseline comparison and three charts: latency distribution by percentile, throughput per second and
 * latency per second.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { formatChange } from '../baseline.ts'
import type { StepSummary } from '../summary.ts'
import { formatActual } from '../thresholds.ts'
import { count, isSuccess, mb, ms, outcomes, pct, rate } from './format.ts'
import { DISTRIBUTION_PERCENTILES, type Report } from './model.ts'

let chartJs: string | undefined

/** Chart.js's UMD build, read once from node_modules. */
export function chartLibrary(): string {
  if (chartJs === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js')
    chartJs = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8').replaceAll(
      '</script',
      '<\\/script',
    )
  }
  return chartJs
}

export function renderHtml(report: Report): string {
  const { result, summary } = report
  const model =
    result.model.kind === 'closed'
      ? `closed model, ${result.model.connections} connections`
      : `open model, ${result.model.rate}/s over ${result.model.connections} connections`
  const verdict = report.thresholds.length
    ? report.passed
      ? '<span class="pass">thresholds passed</span>'
      : '<span class="fail">thresholds failed</span>'
    : '<span class="none">no thresholds</span>'
  const data = {
    percentiles: DISTRIBUTION_PERCENTILES,
    distribution: report.distribution,
    baselineDistribution: report.baseline?.distribution,
    timeline: report.timeline,
    steps: summary.steps.map((s) => s.name),
    comparison: report.baseline
      ? report.baseline.rows
          .filter((r) => !r.onlyIn)
          .map((r) => ({
            step: r.step,
            p95: r.metrics.find((m) => m.metric === 'p95'),
            rps: r.metrics.find((m) => m.metric === 'rps'),
          }))
      : undefined,
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Load: ${esc(result.scenario)} · seafile-conformance</title>
<style>${STYLE}</style></head>
<body>
<h1>Load: ${esc(result.scenario)} ${verdict}</h1>
<p class="meta">${esc(model)} · ${summary.durationSeconds.toFixed(1)} s · ${esc(result.target)} · started ${esc(result.startedAt)}${
    result.runners > 1 ? ` · ${result.runners} runners merged` : ''
  } · files of ${count(result.fileSize)} B${result.chunkSize ? ` in chunks of ${count(result.chunkSize)} B` : ''}${
    result.mix
      ? ` · mix ${esc(
          Object.entries(result.mix)
            .map(([k, v]) => `${k}=${v}`)
            .join(', '),
        )}`
      : ''
  }</p>
${thresholdTable(report)}
<h2>Steps</h2>
${stepTable([...summary.steps, summary.total])}
${errorList(summary.steps)}
${comparisonTable(report)}
<h2>Latency distribution</h2>
<p class="note">Latency at each percentile, from the HdrHistogram of each step${
    report.baseline ? '; dashed: the baseline' : ''
  }. Logarithmic scale.</p>
<div class="chart"><canvas id="distribution"></canvas></div>
${report.baseline ? '<h2>Baseline and this run</h2><div class="chart half"><canvas id="compare-p95"></canvas></div><div class="chart half"><canvas id="compare-rps"></canvas></div>' : ''}
<h2>Throughput over time</h2>
<p class="note">Requests per second by step (stacked), and MB/s sent and received (line, right axis).</p>
<div class="chart"><canvas id="throughput"></canvas></div>
<h2>Latency over time</h2>
<p class="note">p50, p95 and p99 of every request finished in each second.</p>
<div class="chart"><canvas id="latency"></canvas></div>
<script>${chartLibrary()}</script>
<script type="application/json" id="data">${JSON.stringify(data).replaceAll('<', '\\u003c')}</script>
<script>${CHARTS}</script>
</body></html>
`
}

function thresholdTable(report: Report): string {
  if (!report.thresholds.length) return ''
  const rows = report.thresholds
    .map(({ threshold, outcome }) => {
      const cls = outcome.passed ? 'pass' : 'fail'
      return `<tr><td class="${cls}">${outcome.passed ? '✓' : '✗'}</td><td>${esc(threshold.source)}</td><td>${esc(
        outcome.problem ?? formatActual(threshold, outcome.actual),
      )}</td></tr>`
    })
    .join('')
  return `<h2>Thresholds</h2><table><tr><th></th><th>threshold</th><th>measured</th></tr>${rows}</table>`
}

function stepTable(steps: StepSummary[]): string {
  const head = ['step', 'requests', 'req/s', 'MB/s', 'p50', 'p90', 'p95', 'p99', 'max', 'errors']
  const rows = steps
    .map((s) => {
      const l = s.latency
      const cells = [
        count(s.requests),
        rate(s.rps),
        mb(s.mbInPerSec + s.mbOutPerSec),
        ms(l.p50),
        ms(l.p90),
        ms(l.p95),
        ms(l.p99),
        ms(l.max),
        s.errors ? `${count(s.errors)} (${pct(s.errorRate)})` : '0',
      ]
      return `<tr${s.name === 'total' ? ' class="total"' : ''}><td>${esc(s.name)}</td>${cells
        .map((c) => `<td class="num">${c}</td>`)
        .join('')}</tr>`
    })
    .join('')
  return `<table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows}</table>`
}

function errorList(steps: StepSummary[]): string {
  const failing = steps.filter((s) => s.errors > 0)
  if (!failing.length) return ''
  return `<h3>Errors by status</h3><ul>${failing
    .map((s) => `<li><b>${esc(s.name)}</b>: ${esc(outcomes(s.outcomes, isSuccess))}</li>`)
    .join('')}</ul>`
}

function comparisonTable(report: Report): string {
  if (!report.baseline) return ''
  const metrics = ['rps', 'mbps', 'p50', 'p90', 'p95', 'p99', 'max', 'errors'] as const
  const fmt = (metric: string, v: number) =>
    metric === 'rps' ? rate(v) : metric === 'mbps' ? mb(v) : metric === 'errors' ? pct(v) : ms(v)
  const rows = report.baseline.rows
    .map((row) => {
      if (row.onlyIn)
        return `<tr><td>${esc(row.step)}</td><td colspan="${metrics.length}">only in the ${row.onlyIn} run</td></tr>`
      const cells = metrics.map((name) => {
        const m = row.metrics.find((x) => x.metric === name)!
        const cls = m.improved === null ? '' : m.improved ? 'better' : 'worse'
        return `<td class="num ${cls}">${fmt(name, m.baseline)} → ${fmt(name, m.current)}<br><b>${formatChange(m.changePct)}</b></td>`
      })
      return `<tr${row.step === 'total' ? ' class="total"' : ''}><td>${esc(row.step)}</td>${cells.join('')}</tr>`
    })
    .join('')
  const head = ['req/s', 'MB/s', 'p50', 'p90', 'p95', 'p99', 'max', 'errors']
  return `<h2>Compared with the baseline</h2><p class="note">${esc(report.baseline.file)} (${esc(
    report.baseline.result.startedAt,
  )}) → this run; green is better, red worse.</p><table><tr><th>step</th>${head
    .map((h) => `<th>${h}</th>`)
    .join('')}</tr>${rows}</table>`
}

export function esc(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!)
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1150px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}
.meta,.note{color:#555}
table{border-collapse:collapse;margin:8px 0}
td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.total td{font-weight:600;border-top:2px solid #999}
.pass{color:#13803a}.fail{color:#c0262d}.none{color:#777}
h1 span{font-size:14px;margin-left:12px;padding:2px 8px;border-radius:4px;background:#f2f2f2}
.better{background:#e7f6ec}.worse{background:#fbe9ea}
.chart{position:relative;height:340px;margin-bottom:8px}
.chart.half{display:inline-block;width:49%;height:300px}
`

/** Runs in the page: draws the charts from the embedded data. */
const CHARTS = `
const data = JSON.parse(document.getElementById('data').textContent)
const palette = ['#4e79a7','#f28e2b','#e15759','#76b7b2','#59a14f','#edc948','#b07aa1','#ff9da7','#9c755f']
const color = (i) => palette[i % palette.length]
const names = [...data.steps, 'total']
const labels = data.percentiles.map((p) => 'p' + p)
const lines = names.map((n, i) => ({ label: n, data: data.distribution[n], borderColor: n === 'total' ? '#222' : color(i),
  backgroundColor: 'transparent', borderWidth: n === 'total' ? 3 : 2, tension: 0.2 }))
if (data.baselineDistribution) names.forEach((n, i) => { if (data.baselineDistribution[n]) lines.push({ label: n + ' (baseline)',
  data: data.baselineDistribution[n], borderColor: n === 'total' ? '#222' : color(i), borderDash: [6, 4], borderWidth: 1,
  backgroundColor: 'transparent', tension: 0.2 }) })
new Chart(document.getElementById('distribution'), { type: 'line', data: { labels, datasets: lines },
  options: { maintainAspectRatio: false, animation: false, scales: { y: { type: 'logarithmic', title: { display: true, text: 'ms' } } } } })
const seconds = data.timeline.map((s) => s.t + 's')
const bars = data.steps.map((n, i) => ({ type: 'bar', label: n, data: data.timeline.map((s) => s.steps[n] || 0), backgroundColor: color(i), stack: 'r', yAxisID: 'y' }))
bars.push({ type: 'line', label: 'MB/s', data: data.timeline.map((s) => s.mbps), borderColor: '#222', backgroundColor: 'transparent', yAxisID: 'mb' })
new Chart(document.getElementById('throughput'), { data: { labels: seconds, datasets: bars },
  options: { maintainAspectRatio: false, animation: false, scales: { y: { stacked: true, min: 0, title: { display: true, text: 'requests/s' } },
    x: { stacked: true }, mb: { position: 'right', min: 0, grid: { drawOnChartArea: false }, title: { display: true, text: 'MB/s' } } } } })
new Chart(document.getElementById('latency'), { type: 'line', data: { labels: seconds, datasets: ['p50', 'p95', 'p99'].map((p, i) => ({
  label: p, data: data.timeline.map((s) => s[p]), borderColor: ['#59a14f', '#f28e2b', '#e15759'][i], backgroundColor: 'transparent' })) },
  options: { maintainAspectRatio: false, animation: false, scales: { y: { min: 0, title: { display: true, text: 'ms' } } } } })
if (data.comparison) {
  const steps = data.comparison.map((c) => c.step)
  const pair = (id, key, title) => new Chart(document.getElementById(id), { type: 'bar', data: { labels: steps, datasets: [
    { label: 'baseline', data: data.comparison.map((c) => c[key].baseline), backgroundColor: '#bab0ac' },
    { label: 'this run', data: data.comparison.map((c) => c[key].current), backgroundColor: '#4e79a7' }] },
    options: { maintainAspectRatio: false, animation: false, plugins: { title: { display: true, text: title } } } })
  pair('compare-p95', 'p95', 'p95 latency (ms)')
  pair('compare-rps', 'rps', 'requests/s')
}
`
