/** The three forms of a differential run's report: a terminal table, JSON and an HTML page. */
import type { DiffEntry, DiffResult } from './differential.ts'

const pad = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n))

export function diffTable(r: DiffResult): string {
  const lines = [
    `reference ${r.reference}`,
    `target    ${r.target}`,
    '',
    `${pad('operation', 58)} ${pad('exchanges', 9)} ${pad('differ', 6)} first difference`,
  ]
  for (const op of r.operations)
    lines.push(
      `${pad(op.operation, 58)} ${pad(String(op.exchanges), 9)} ${pad(String(op.differing), 6)} ${op.first ?? ''}`,
    )
  const skipped = r.entries.filter((e) => e.skipped).length
  lines.push(
    '',
    `${r.entries.length} exchanges, ${r.differences} difference(s) in ${r.operations.filter((o) => o.differing).length} operation(s)` +
      (skipped ? `, ${skipped} not sent (see the JSON report)` : ''),
  )
  return lines.join('\n')
}

/** The JSON report: everything but the bodies' full text (cut at 2 KiB). */
export function diffJson(r: DiffResult): string {
  const cut = (s: string | undefined) => (s && s.length > 2048 ? `${s.slice(0, 2048)}…` : s)
  const side = (e: DiffEntry['reference']) =>
    e.live
      ? {
          request: { ...e.live.request, body: cut(e.live.request.body) },
          status: e.live.response.status,
          contentType: e.live.response.mimeType,
          body: cut(e.live.response.text),
        }
      : { skipped: e.skipped }
  return JSON.stringify(
    {
      reference: r.reference,
      target: r.target,
      differences: r.differences,
      operations: r.operations,
      exchanges: r.entries.map((e) => ({
        index: e.index,
        operation: e.operation,
        test: e.test,
        differences: e.differences,
        reference: side(e.reference),
        target: side(e.target),
      })),
    },
    null,
    2,
  )
}

const esc = (s: string | undefined) =>
  (s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function exchangeHtml(e: DiffEntry): string {
  const side = (x: DiffEntry['reference']) =>
    x.live
      ? `<div class="req">${esc(x.live.request.method)} ${esc(x.live.request.url)}</div>` +
        `<div class="st">${x.live.response.status} ${esc(x.live.response.mimeType)}</div>` +
        `<pre>${esc((x.live.response.text ?? `(${x.live.response.size} bytes)`).slice(0, 4000))}</pre>`
      : `<div class="st">not sent: ${esc(x.skipped)}</div>`
  const diffs = e.differences
    .map(
      (d) =>
        `<li class="${d.allowed ? 'ok' : 'bad'}">${esc(d.field)} ${esc(d.path)} ${esc(d.detail)}${d.allowed ? ` (allowed: ${esc(d.allowed)})` : ''}</li>`,
    )
    .join('')
  return (
    `<details${e.differences.some((d) => !d.allowed) ? ' open' : ''}><summary>#${e.index} ${esc(e.operation)}` +
    `${e.differences.length ? ` — ${e.differences.length} difference(s)` : ''}</summary>` +
    `${e.test ? `<div class="test">${esc(e.test)}</div>` : ''}<ul>${diffs}</ul>` +
    `<table><tr><th>reference</th><th>target</th></tr><tr><td>${side(e.reference)}</td><td>${side(e.target)}</td></tr></table></details>`
  )
}

export function diffHtml(r: DiffResult): string {
  const rows = r.operations
    .map(
      (o) =>
        `<tr class="${o.differing ? 'bad' : ''}"><td>${esc(o.operation)}</td><td>${o.exchanges}</td><td>${o.differing}</td><td>${esc(o.first)}</td></tr>`,
    )
    .join('')
  return `<!doctype html><meta charset="utf-8"><title>seafile-conformance diff</title>
<style>body{font:14px system-ui;margin:2em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px;vertical-align:top;text-align:left}
tr.bad td{background:#fee}li.bad{color:#a00}li.ok{color:#666}pre{white-space:pre-wrap;max-height:20em;overflow:auto;margin:0}
details{margin:.5em 0}.req{font-family:monospace;word-break:break-all}.st{font-weight:bold}.test{color:#555}</style>
<h1>Differential run</h1><p>reference <code>${esc(r.reference)}</code> · target <code>${esc(r.target)}</code> ·
${r.entries.length} exchanges · <b>${r.differences}</b> difference(s)</p>
<table><tr><th>operation</th><th>exchanges</th><th>differ</th><th>first difference</th></tr>${rows}</table>
<h2>Exchanges, side by side</h2>${r.entries.map(exchangeHtml).join('\n')}`
}
