import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { parse } from 'yaml'
import type { MockServer } from '../index.ts'
import { startServer } from '../testing/harness.ts'

let server: MockServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server.close())

describe('API docs', () => {
  test('serves the bundled spec as YAML and JSON', async () => {
    const yaml = await server.request('/openapi.yaml')
    expect(yaml.headers.get('content-type')).toContain('yaml')
    const spec = parse(await yaml.text()) as { openapi: string; paths: Record<string, unknown> }
    expect(spec.openapi).toBe('3.1.0')
    expect(spec.paths['/api2/repos/']).toBeDefined()
    const json = (await (await server.request('/openapi.json')).json()) as typeof spec
    expect(Object.keys(json.paths)).toEqual(Object.keys(spec.paths))
  })

  test('/docs redirects to /docs/, a page that loads Redoc from the mock itself', async () => {
    const redirect = await server.request('/docs')
    expect(redirect.status).toBe(301)
    expect(redirect.headers.get('location')).toBe('docs/')
    const res = await server.request('/docs/')
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' data: blob:")
    const page = await res.text()
    expect(page).toContain("from './redoc.standalone.js'")
    // JSON: Redoc's YAML parser rejects a `|+` block of the bundled spec that the yaml package accepts.
    expect(page).toContain("'../openapi.json'")
    expect(page).not.toMatch(/https?:\/\//)
    const bundle = await server.request('/docs/redoc.standalone.js')
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toContain('javascript')
    expect(await bundle.text()).toContain('export{RedocStandalone,hydrate,init}')
  })

  test('works under a namespace prefix', async () => {
    expect((await server.request('/__ns/docs-ns/openapi.yaml')).status).toBe(200)
  })
})

describe('the served spec names this mock as its servers', () => {
  test('seahub at the origin the request came to, the file server under /seafhttp; a namespace keeps its prefix', async () => {
    type Spec = {
      servers: { url: string }[]
      paths: Record<string, { post: { servers: { url: string }[] } }>
    }
    const json = (await (await server.request('/openapi.json')).json()) as Spec
    expect(json.servers.map((s) => s.url)).toEqual(['http://localhost', 'http://localhost/seafhttp'])
    expect(json.paths['/upload-api/{token}']!.post.servers[0]!.url).toBe('http://localhost/seafhttp')
    const yaml = parse(await (await server.request('/openapi.yaml')).text()) as Spec
    expect(yaml.servers.map((s) => s.url)).toEqual(['http://localhost', 'http://localhost/seafhttp'])
    expect(yaml.paths['/upload-api/{token}']!.post.servers[0]!.url).toBe('http://localhost/seafhttp')
    expect(JSON.stringify(json)).not.toMatch(/\{seahub\}|\{fileserver\}/)
    const ns = (await (await server.request('/__ns/docs-ns/openapi.json')).json()) as typeof json
    expect(ns.servers[0]!.url).toBe('http://localhost/__ns/docs-ns')
  })

  test("Redoc's logo is served from the page itself (a data: URL), not from a CDN the page's CSP blocks", async () => {
    const bundle = await (await server.request('/docs/redoc.standalone.js')).text()
    expect(bundle).not.toContain('cdn.redoc.ly/redoc/logo')
    expect(bundle).toContain('data:image/svg+xml,')
  })
})
