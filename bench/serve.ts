/**
 * Child process of the benchmark: one server per process, so that the server and the load generator do
 * not share an event loop. Prints `{"url": …}` on its first stdout line, and runs until stdin closes.
 *
 *   tsx bench/serve.ts mock              the project's mock (mock/index.ts), default options
 *   tsx bench/serve.ts mock-unvalidated  the same with validateRequests off
 *   tsx bench/serve.ts bare RESPONSES    node:http answering recorded responses (path → status, headers, body)
 *   tsx bench/serve.ts standin           load/standIn.ts, to try the benchmark's mechanics without the mock
 */
import { readFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { announce } from '../load/childServer.ts'

export interface RecordedResponse {
  status: number
  headers: Record<string, string>
  body: string
}

const [kind, file] = process.argv.slice(2)

/** `validate`: the mock's default, checking every request's parameters against spec/openapi.yaml. */
async function serveMock(validate: boolean): Promise<{ url: string; close(): Promise<void> }> {
  const { createMockServer } = await import('../mock/index.ts')
  // This process is the mock, as with the CLI's `mock` command: tuned for large bodies like it.
  const server = await createMockServer({ validateRequests: validate, tuneProcess: true })
  const listening = await server.listen(0, '127.0.0.1')
  return { url: listening.url, close: () => listening.close().then(() => server.close()) }
}

async function serveBare(responses: Record<string, RecordedResponse>) {
  const bodies = new Map(
    Object.entries(responses).map(([path, r]) => [path, { ...r, bytes: Buffer.from(r.body) }]),
  )
  const server = createServer((req, res) => {
    const r = bodies.get(req.url ?? '')
    if (!r) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(r.status, { ...r.headers, 'Content-Length': r.bytes.length })
    res.end(r.bytes)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

async function serve() {
  if (kind === 'mock') return serveMock(true)
  if (kind === 'mock-unvalidated') return serveMock(false)
  if (kind === 'standin') return (await import('../load/standIn.ts')).startStandIn()
  return serveBare(JSON.parse(readFileSync(file!, 'utf8')) as Record<string, RecordedResponse>)
}

announce(await serve())
