/** The comparison's reports: the terminal table, `load-compare.json` and `load-compare.html`. */
import { mergeResults } from '../merge.ts'
import { count, mb, ms, pct, rate } from '../report/format.ts'
import { chartLibrary, esc } from '../report/html.ts'
import { table } from '../report/terminal.ts'
import type { LoadResult } from '../result.ts'
import { analyze } from '../summary.ts'
import { evaluate, formatActual, type Threshold } from '../thresholds.ts'
import type { Round, Server } from './rounds.ts'
import {
  type ComparedMetric,
  compareRounds,
  evaluateRatios,
  type RatioThreshold,
  type Spread,
  type StepComparison,
  sideRounds,
} from './summary.ts'

/** `×1.23`, `×∞` (B had errors, A none). */
function ratioText(v: number): string {
  if (Number.isNaN(v)) return 'n/a'
  return v === Number.POSITIVE_INFINITY ? '×∞' : `×${v.toFixed(2)}`
}

export const COMPARE_FORMAT = 'seafile-conformance/load-compare@1'

export interface CompareReport {
  format: typeof COMPARE_FORMAT
  scenario: string
  model: LoadResult['model']
  /** Targets only: credentials never reach a report. */
  a: { target: string }
  b: { target: string }
  /** Every round in the order it ran, each with its whole (mergeable) result. */
  rounds: { round: number; side: 'A' | 'B'; result: LoadResult }[]
  steps: StepComparison[]
  /** Ratio thresholds, then the others (judged on the target's rounds together). */
  thresholds: { threshold: string; passed: boolean; actual: number; measured: string; problem?: string }[]
  passed: boolean
}

export function buildCompareReport(
  rounds: readonly Round[],
  servers: { a: Server; b: Server },
  ratioThresholds: readonly RatioThreshold[],
  thresholds: readonly Threshold[],
): CompareReport {
  const steps = compareRounds(rounds)
  const ratio = evaluateRatios(ratioThresholds, steps).map((o) => ({
    ...o,
    measured: ratioText(o.actual),
  }))
  const plain = thresholds.length ? judgeTarget(sideRounds(rounds, 'A'), thresholds) : []
  const all = [...ratio, ...plain]
  const first = rounds[0]!.result
  return {
    format: COMPARE_FORMAT,
    scenario: first.scenario,
    model: first.model,
    a: { target: servers.a.target },
    b: { target: servers.b.target },
    rounds: rounds.map((r) => ({ round: r.round, side: r.side, result: r.result })),
    steps,
    thresholds: all,
    passed: all.every((t) => t.passed),
  }
}

/** Plain thresholds on the target's rounds merged; they ran one after the other, so durations add up. */
function judgeTarget(results: LoadResult[], thresholds: readonly Threshold[]) {
  const merged = {
    ...mergeResults(results),
    durationSeconds: results.reduce((s, r) => s + r.durationSeconds, 0),
  }
  const { summary, latencyMs } = analyze(merged)
  return evaluate(thresholds, summary, latencyMs).map((o, i) => ({
    ...o,
    measured: o.problem ?? formatActual(thresholds[i]!, o.actual),
  }))
}

const SHOWN: ComparedMetric[] = ['p50', 'p95', 'rps']

function format(m: ComparedMetric, v: number): string {
  if (m === 'rps') return `${rate(v)}/s`
  if (m === 'mbps') return `${mb(v)}MB/s`
  if (m === 'errors') return pct(v)
  return ms(v)
}

const spread = (m: ComparedMetric, s: Spread) =>
  `${format(m, s.median)} (${format(m, s.min)}–${format(m, s.max)})`

export function renderCompareTerminal(r: CompareReport): string {
  const perSide = r.rounds.length / 2
  const lines = [
    `compare · scenario ${r.scenario} · ${perSide} rounds each, alternating A, B`,
    `  A ${r.a.target}`,
    `  B ${r.b.target}`,
    '',
    'median over the rounds (min–max), ratio B/A:',
    table(
      ['step', 'metric', 'A', 'B', 'B/A'],
      r.steps.flatMap((s) =>
        SHOWN.map((m, i) => [
          i ? '' : s.step,
          m,
          spread(m, s.a[m]),
          spread(m, s.b[m]),
          ratioText(s.ratio[m]),
        ]),
      ),
    ),
  ]
  const errors = r.steps.find((s) => s.step === 'total')
  if (errors && (errors.a.errors.max > 0 || errors.b.errors.max > 0))
    lines.push(
      `errors (total): A ${spread('errors', errors.a.errors)} · B ${spread('errors', errors.b.errors)}`,
    )
  if (r.thresholds.length) {
    lines.push('', 'thresholds:')
    for (const t of r.thresholds)
      lines.push(`  ${t.passed ? '✓' : '✗'} ${t.threshold.padEnd(24)} ${t.measured}`)
  }
  return lines.join('\n')
}

export function renderCompareHtml(r: CompareReport): string {
  const rows = r.steps
    .flatMap((s) =>
      SHOWN.map(
        (m, i) =>
          `<tr${s.step === 'total' ? ' class="total"' : ''}><td>${i ? '' : esc(s.step)}</td><td>${m}</td><td class="num">${esc(
            spread(m, s.a[m]),
          )}</td><td class="num">${esc(spread(m, s.b[m]))}</td><td class="num">${ratioText(s.ratio[m])}</td></tr>`,
      ),
    )
    .join('')
  const thresholds = r.thresholds.length
    ? `<h2>Thresholds</h2><table>${r.thresholds
        .map(
          (t) =>
            `<tr><td class="${t.passed ? 'pass' : 'fail'}">${t.passed ? '✓' : '✗'}</td><td>${esc(t.threshold)}</td><td>${esc(t.measured)}</td></tr>`,
        )
        .join('')}</table>`
    : ''
  const data = {
    steps: r.steps.map((s) => s.step),
    a: r.steps.map((s) => ({ p95: s.a.p95, rps: s.a.rps })),
    b: r.steps.map((s) => ({ p95: s.b.p95, rps: s.b.rps })),
  }
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Load compare: ${esc(r.scenario)} · seafile-conformance</title>
<style>${STYLE}</style></head><body>
<h1>Compare: ${esc(r.scenario)} ${r.thresholds.length ? (r.passed ? '<span class="pass">thresholds passed</span>' : '<span class="fail">thresholds failed</span>') : ''}</h1>
<p class="meta">A ${esc(r.a.target)} · B ${esc(r.b.target)} · ${r.rounds.length / 2} rounds each, alternating · ${count(
    r.rounds.reduce((n, x) => n + x.result.steps.reduce((m, s) => m + s.requests, 0), 0),
  )} requests in all</p>
${thresholds}
<h2>Steps</h2><p class="note">Median over the rounds of each round's figure, (min–max) over the rounds, and the ratio of the medians B/A.</p>
<table><tr><th>step</th><th>metric</th><th>A</th><th>B</th><th>B/A</th></tr>${rows}</table>
<h2>A and B side by side</h2>
<p class="note">Dark bars: the median over the rounds; pale bars beside them: min–max over the rounds.</p>
<div class="chart"><canvas id="p95"></canvas></div>
<div class="chart"><canvas id="rps"></canvas></div>
<script>${chartLibrary()}</script>
<script type="application/json" id="data">${JSON.stringify(data).replaceAll('<', '\\u003c')}</script>
<script>${CHARTS}</script>
</body></html>
`
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;max-width:1150px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px}.meta,.note{color:#555}
table{border-collapse:collapse;margin:8px 0}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}
td.num{text-align:right;font-variant-numeric:tabular-nums}tr.total td{font-weight:600}
.pass{color:#13803a}.fail{color:#c0262d}
.chart{position:relative;height:320px;margin-bottom:8px}
`

/** Grouped bars (A, B) of the medians, with the rounds' min–max drawn as a thin floating bar beside each. */
const CHARTS = `
const data = JSON.parse(document.getElementById('data').textContent)
const chart = (id, key, title) => new Chart(document.getElementById(id), { data: { labels: data.steps, datasets: [
  { type: 'bar', label: 'A (median)', data: data.a.map((s) => s[key].median), backgroundColor: '#4e79a7' },
  { type: 'bar', label: 'A (min–max)', data: data.a.map((s) => [s[key].min, s[key].max]), backgroundColor: '#a0cbe8', barPercentage: 0.3 },
  { type: 'bar', label: 'B (median)', data: data.b.map((s) => s[key].median), backgroundColor: '#f28e2b' },
  { type: 'bar', label: 'B (min–max)', data: data.b.map((s) => [s[key].min, s[key].max]), backgroundColor: '#ffbe7d', barPercentage: 0.3 }] },
  options: { maintainAspectRatio: false, animation: false, plugins: { title: { display: true, text: title } } } })
chart('p95', 'p95', 'p95 latency per step (ms)')
chart('rps', 'rps', 'requests/s per step')
`
