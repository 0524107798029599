/**
 * The mock's API documentation: `/openapi.yaml` (the bundled spec), `/openapi.json`, and `/docs/`, an HTML
 * page rendering it with Redoc from node_modules. Links are relative, so they work under `/__ns/<name>/`
 * and behind msw's base URL. The served spec names this mock as its servers (seahub at the base the
 * request came to, the file server under `/seafhttp`), so "try it" and the URLs Redoc shows are the mock's.
 */
import { readFile } from 'node:fs/promises'
import { parse } from 'yaml'
import { SPEC_FILE } from '../../spec/validator.ts'
import { findRedocBundle } from './redocBundle.ts'

const once = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let value: Promise<T> | undefined
  return () => {
    value ??= load()
    value.catch(() => (value = undefined))
    return value
  }
}

const specYaml = once(() => readFile(SPEC_FILE, 'utf8'))
const specObject = once(async () => parse(await specYaml()) as Record<string, unknown>)

/** The spec's server variables as this mock serves them from `base` (its origin, with a namespace's prefix). */
export const mockServerUrls = (base: string): Record<string, string> => ({
  '{seahub}': base,
  '{fileserver}': `${base}/seafhttp`,
})

/**
 * The spec as served from a base: every `servers` entry (the document's and the file-server operations')
 * names this mock instead of a `{seahub}` / `{fileserver}` variable; a few bases are kept.
 */
const served = new Map<string, { json: string; yaml: string }>()
async function specFor(base: string): Promise<{ json: string; yaml: string }> {
  const hit = served.get(base)
  if (hit) return hit
  const urls = mockServerUrls(base)
  const json = JSON.stringify(await specObject(), (key, value) =>
    key === 'servers' && Array.isArray(value)
      ? value.map((s: { url: string; description?: string }) => ({
          url: urls[s.url] ?? s.url,
          description: `This mock: ${s.description ?? ''}`,
        }))
      : value,
  )
  const yaml = (await specYaml()).replace(
    /url: "(\{seahub\}|\{fileserver\})"/g,
    (_, v: string) => `url: "${urls[v]}"`,
  )
  if (served.size >= 16) served.clear()
  const value = { json, yaml }
  served.set(base, value)
  return value
}

/**
 * Redoc's footer loads its logo from cdn.redoc.ly, which the page's policy (everything from the mock) blocks:
 * the bundle is served with a small badge of its own instead, as a data: URL the policy allows.
 */
const BADGE = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="16" viewBox="0 0 64 16"><text x="0" y="12" font-family="sans-serif" font-size="11" fill="#666">Redoc</text></svg>',
)}`
const redoc = once(async () => {
  const path = findRedocBundle()
  if (!path) return undefined
  const source = (await readFile(path, 'utf8')).replace(
    /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g,
    BADGE,
  )
  // A copy in a plain ArrayBuffer: a Response body, served many times.
  return new TextEncoder().encode(source) as Uint8Array<ArrayBuffer>
})

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Seafile Web API · seafile-conformance mock</title>
<link rel="icon" href="data:,">
<style>body { margin: 0 }</style>
</head>
<body>
<div id="redoc"></div>
<script type="module">
import { init } from './redoc.standalone.js'
init('../openapi.json', { disableTelemetry: true }, document.getElementById('redoc'))
</script>
</body>
</html>
`

/** Everything from the mock itself (Redoc's logo is a data: URL, above). Inline styles and blob: workers are Redoc's own. */
const SELF_ONLY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  "connect-src 'self'",
].join('; ')

const NO_REDOC = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Seafile Web API</title></head>
<body>
<h1>Seafile Web API</h1>
<p>The spec is at <a href="../openapi.yaml">openapi.yaml</a> (<a href="../openapi.json">JSON</a>).</p>
<p>Install <code>redoc</code> or <code>@redocly/cli</code> next to seafile-conformance to render it here.</p>
</body></html>
`

const text = (body: string | Uint8Array<ArrayBuffer>, type: string, status = 200) =>
  new Response(body, { status, headers: { 'Content-Type': type, 'Cache-Control': 'no-cache' } })

/** Whether `docsRoutes` may answer this path (a cheap test before the async call). */
export const isDocsPath = (pathname: string): boolean =>
  pathname.startsWith('/docs') || pathname.startsWith('/openapi.')

/** Answers the docs paths (GET/HEAD); `undefined` for every other request. */
export async function docsRoutes(
  req: Request,
  pathname: string,
  base = new URL(req.url).origin,
): Promise<Response | undefined> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  switch (pathname) {
    case '/openapi.yaml':
      return text((await specFor(base)).yaml, 'application/yaml; charset=utf-8')
    case '/openapi.json':
      return text((await specFor(base)).json, 'application/json')
    case '/docs':
      return new Response(null, { status: 301, headers: { Location: 'docs/' } })
    case '/docs/': {
      const bundle = await redoc()
      const page = text(bundle ? PAGE : NO_REDOC, 'text/html; charset=utf-8')
      page.headers.set('Content-Security-Policy', SELF_ONLY)
      return page
    }
    case '/docs/redoc.standalone.js': {
      const bundle = await redoc()
      return bundle
        ? text(bundle, 'text/javascript; charset=utf-8')
        : text('Redoc is not installed\n', 'text/plain', 404)
    }
    default:
      return undefined
  }
}
