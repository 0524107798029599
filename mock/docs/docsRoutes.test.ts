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
