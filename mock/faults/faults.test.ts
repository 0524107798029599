import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { login, startServer } from '../testing/harness.ts'
import { FaultInjector } from './inject.ts'
import { parseFaultRule } from './rules.ts'

const fault = (value: string) => ({ headers: { 'X-Mock-Fault': value } })

describe('fault rules', () => {
  test('reads method, path and effects, with ranges, percentages and flags', () => {
    expect(parseFaultRule('GET /api2/repos/*:latency=200ms')).toMatchObject({
      method: 'GET',
      path: '/api2/repos/*',
      latency: { min: 200, max: 200 },
      rate: 1,
    })
    expect(parseFaultRule('*:latency=100-500ms,rate=10%')).toMatchObject({
      path: '*',
      latency: { min: 100, max: 500 },
      rate: 0.1,
    })
    expect(parseFaultRule('/seafhttp/files/*:truncate=50%')).toMatchObject({ truncate: { fraction: 0.5 } })
    expect(parseFaultRule('POST /seafhttp/upload-api/*:drop,times=1')).toMatchObject({ drop: true, times: 1 })
    expect(parseFaultRule('PUT /x:status=503,message=Try%20later')).toMatchObject({
      status: 503,
      message: 'Try later',
    })
  })

  test('refuses what it cannot read, naming the rule', () => {
    for (const bad of [
      'GET /x',
      '/x:latency=fast',
      '/x:status=200',
      '/x:rate=2',
      'FETCH /x:drop',
      'x:drop',
      '/x:status=500,drop',
      '/x:colour=red',
    ])
      expect(() => parseFaultRule(bad), bad).toThrow(/fault "/)
  })
})

describe('fault injection', () => {
  test('X-Mock-Fault answers the route family error: seahub JSON, Django 500, file-server text, nginx 503', async () => {
    const server = await startServer()
    const seahub = await server.request('/api2/repos/', fault('status=404'))
    expect(seahub.status).toBe(404)
    expect(await seahub.json()).toEqual({ error_msg: 'Not found.' })
    const django = await server.request('/api2/repos/', fault('status=500'))
    expect(await django.text()).toBe('<h1>Server Error (500)</h1>')
    const throttled = await server.request('/api2/ping/', fault('status=429'))
    expect(throttled.headers.get('retry-after')).toBe('1')
    expect(await throttled.json()).toEqual({
      detail: 'Request was throttled. Expected available in 1 second.',
    })
    const fileserver = await server.request('/seafhttp/upload-api/abc', {
      method: 'POST',
      ...fault('status=500'),
    })
    expect(fileserver.headers.get('content-type')).toBe('text/plain; charset=utf-8')
    expect(await fileserver.text()).toBe('Internal error.\n')
    const gateway = await server.request('/api2/repos/', fault('status=503,message=ignored'))
    expect(gateway.status).toBe(503)
    expect(await gateway.text()).toContain('<center><h1>503 Service Temporarily Unavailable</h1></center>')
    const custom = await server.request('/api2/repos/', fault('status=520,message=RPC%20down'))
    expect(await custom.json()).toEqual({ error_msg: 'RPC down' })
    const bad = await server.request('/api2/ping/', fault('status=200'))
    expect(bad.status).toBe(400)
    expect(await bad.text()).toMatch(/status must be 400\.\.599/)
    await server.close()
  })

  test('a rule from the options applies to its method and path only; the header can be switched off', async () => {
    const server = await startServer({ faults: ['GET /api2/repos/*:status=503'], faultHeader: false })
    const client = await login(server)
    expect(
      (await server.request('/api2/repos/', { headers: { Authorization: `Token ${client.token}` } })).status,
    ).toBe(503)
    expect((await client.call('POST', '/api2/repos/', { form: { name: 'still works' } })).status).toBe(200)
    expect((await server.request('/api2/ping/', fault('status=500'))).status).toBe(200)
    await server.close()
  })

  test('drop is a network error in process, and truncate errors the body after the bytes allowed', async () => {
    const server = await startServer()
    const dropped = await server.request('/api2/ping/', fault('drop'))
    expect(dropped.type).toBe('error')
    const cut = await server.request(
      '/openapi.yaml'.replace('/openapi.yaml', '/api2/server-info/'),
      fault('truncate=10'),
    )
    expect(cut.status).toBe(200)
    const reader = cut.body!.getReader()
    const first = await reader.read()
    expect(first.value?.byteLength).toBe(10)
    await expect(reader.read()).rejects.toThrow(/truncated after 10 bytes/)
    await server.close()
  })

  test('over HTTP a drop closes the socket, a cut body ends short of its Content-Length, latency waits', async () => {
    const server = await startServer()
    const { url, close } = await server.listen(0, '127.0.0.1')
    await expect(fetch(`${url}/api2/ping/`, fault('drop'))).rejects.toThrow()
    const cut = await fetch(`${url}/api2/server-info/`, fault('truncate=50%'))
    expect(Number(cut.headers.get('content-length'))).toBeGreaterThan(0)
    await expect(cut.arrayBuffer()).rejects.toThrow()
    const started = Date.now()
    const slow = await fetch(`${url}/api2/ping/`, fault('latency=150ms'))
    expect(await slow.json()).toBe('pong')
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    // The server is still fine afterwards.
    expect((await fetch(`${url}/api2/ping/`)).status).toBe(200)
    await close()
    await server.close()
  })

  test('rate, times and latency ranges, with injected randomness and sleep', async () => {
    const rolls = [0.05, 0.5, 0.05, 0.05, 0.99]
    const slept: number[] = []
    const injector = new FaultInjector({
      rules: [parseFaultRule('/x:status=500,rate=10%,times=2'), parseFaultRule('*:latency=100-300ms')],
      header: true,
      random: () => rolls.shift() ?? 0.5,
      sleep: async (ms) => void slept.push(ms),
    })
    const fetch = injector.wrap(async () => new Response('ok'))
    const statuses: number[] = []
    for (let i = 0; i < 3; i++) statuses.push((await fetch(new Request('http://h/x'))).status)
    // 1st: 0.05 < 10% fires, latency draw 0.5 → 200 ms; 2nd: fires again, 0.05 → 110 ms; 3rd: times=2 is
    // used up, 0.99 → 298 ms.
    expect(statuses).toEqual([500, 500, 200])
    expect(slept).toEqual([200, 110, 298])
  })

  test('/__mock__/faults lists, replaces and clears the rules at run time', async () => {
    const server = await startServer({ faults: ['/api2/ping/:status=502'] })
    expect((await server.request('/api2/ping/')).status).toBe(502)
    expect(await (await server.request('/__mock__/faults')).json()).toMatchObject({
      faults: ['/api2/ping/:status=502'],
    })
    const put = await server.request('/__mock__/faults', {
      method: 'PUT',
      body: JSON.stringify({ faults: [{ method: 'GET', path: '/api2/server-info/', status: 500 }] }),
    })
    expect(await put.json()).toMatchObject({ faults: ['GET /api2/server-info/:status=500'] })
    expect((await server.request('/api2/ping/')).status).toBe(200)
    expect((await server.request('/api2/server-info/')).status).toBe(500)
    const wrong = await server.request('/__mock__/faults', {
      method: 'PUT',
      body: '{"faults": ["nonsense"]}',
    })
    expect(wrong.status).toBe(400)
    await server.request('/__mock__/faults', { method: 'DELETE' })
    expect((await server.request('/api2/server-info/')).status).toBe(200)
    await server.close()
  })

  test('a YAML config file gives rules (strings or maps) and throttle rates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mock-faults-'))
    const file = join(dir, 'faults.yaml')
    await writeFile(
      file,
      'faults:\n  - "GET /api2/ping/:status=503"\n  - { method: GET, path: /api2/server-info/, status: 500 }\nthrottle: anon=1/min\n',
    )
    const server = await startServer({ faultConfig: file })
    expect((await server.request('/api2/ping/')).status).toBe(503)
    expect((await server.request('/api2/server-info/')).status).toBe(500)
    await expect(startServer({ faultConfig: join(dir, 'missing.yaml') })).rejects.toThrow(/fault config/)
    await expect(startServer({ faults: ['/x:latency=soon'] })).rejects.toThrow(/fault "\/x:latency=soon"/)
    await server.close()
  })
})

describe('seafile-conformance mock fault flags', () => {
  test('--fault (repeatable), --fault-config, --no-fault-header and --throttle become options', async () => {
    const { parseMockArgs } = await import('../../cli/commands/mock.ts')
    expect(
      parseMockArgs([
        '--fault',
        'GET /api2/repos/*:latency=200ms',
        '--fault',
        '*:status=503,rate=1%',
        '--fault-config',
        'f.yaml',
        '--no-fault-header',
        '--throttle',
        'on',
      ]),
    ).toEqual({
      faults: ['GET /api2/repos/*:latency=200ms', '*:status=503,rate=1%'],
      faultConfig: 'f.yaml',
      faultHeader: false,
      throttle: 'on',
    })
  })
})

describe('fault answers to browsers', () => {
  test('carry the CORS headers; a preflight is not faulted', async () => {
    const server = await startServer({ faults: ['*:status=503'] })
    const origin = { Origin: 'http://app.example' }
    const res = await server.request('/api2/repos/', { headers: origin })
    expect(res.status).toBe(503)
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const preflight = await server.request('/api2/repos/', {
      method: 'OPTIONS',
      headers: {
        ...origin,
        'Access-Control-Request-Method': 'GET',
        'Access-Control-Request-Headers': 'x-mock-fault',
      },
    })
    expect(preflight.status).toBeLessThan(300)
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-mock-fault')
    await server.close()
  })

  test('a rule that names OPTIONS faults the preflight itself, and its answer still carries CORS', async () => {
    const server = await startServer({ faults: ['OPTIONS /api2/repos/:status=503'] })
    const preflight = await server.request('/api2/repos/', {
      method: 'OPTIONS',
      headers: { Origin: 'http://app.example', 'Access-Control-Request-Method': 'GET' },
    })
    expect(preflight.status).toBe(503)
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*')
    await server.close()
  })
})
