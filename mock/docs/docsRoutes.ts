/**
 * The mock's API documentation: `/openapi.yaml` (the bundled spec), `/openapi.json`, and `/docs/`, an HTML
 * page rendering it with Redoc from node_modules. Links are relative, so they work under `/__ns/<name>/`
 * and behind msw's base URL.
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
const specJson = once(async () => JSON.stringify(parse(await specYaml())))
const redoc = once(async () => {
  const path = findRedocBundle()
  // A copy in a plain ArrayBuffer: a Response body, served many times.
  return path ? new Uint8Array(await readFile(path)) : undefined
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

/**
 * Everything from the mock itself: Redoc's footer loads its logo from cdn.redoc.ly, which the browser then
 * never asks for (the image hides itself on error). Inline styles and blob: workers are Redoc's own.
 */
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
export async function docsRoutes(req: Request, pathname: string): Promise<Response | undefined> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return undefined
  switch (pathname) {
    case '/openapi.yaml':
      return text(await specYaml(), 'application/yaml; charset=utf-8')
    case '/openapi.json':
      return text(await specJson(), 'application/json')
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
