import { createServer } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UserError } from '../cli/userError.ts'
import { executeLoad } from './execute.ts'
import { type StandIn, startStandIn } from './standIn.ts'
import { analyze } from './summary.ts'

let server: StandIn
beforeAll(async () => {
  server = await startStandIn()
})
afterAll(() => server.close())

const options = (scenario: 'browse' | 'download' | 'upload' | 'mixed') => ({
  target: server.url,
  user: 'user@example.com',
  password: 'user',
  scenario,
  model: { kind: 'closed' as const, connections: 2 },
  durationSeconds: 1,
  fileSize: 100_000,
  chunkSize: 30_000,
})

describe('executeLoad against a stand-in server', () => {
  it('reports every step of the mixed scenario without errors and deletes its library', async () => {
    const result = await executeLoad(options('mixed'))
    const { summary } = analyze(result)
    expect(summary.steps.map((s) => s.name)).toEqual([
      'repos',
      'dir',
      'stat',
      'download-link',
      'download',
      'upload-link',
      'upload',
      'upload-chunk',
    ])
    for (const step of summary.steps) {
      expect(step.requests, step.name).toBeGreaterThan(0)
      expect(step.errors, step.name).toBe(0)
    }
    expect(server.libraries.size).toBe(0)
    expect(result.timeline.length).toBeGreaterThan(0)
  })

  it('sends whole files: multipart uploads and Content-Range chunks arrive with the generated size', async () => {
    await executeLoad(options('upload'))
    for (const name of ['upload-c0.bin', 'upload-c1.bin', 'resumable-c0.bin', 'resumable-c1.bin']) {
      expect(new Set(server.uploads.get(name)), name).toEqual(new Set([100_000]))
    }
  })

  it('counts downloaded bytes and never sends faster than the open model’s rate', async () => {
    const started = performance.now()
    const result = await executeLoad({
      ...options('download'),
      model: { kind: 'open', rate: 40, connections: 4 },
    })
    const elapsedSeconds = (performance.now() - started) / 1000
    const { summary } = analyze(result)
    const download = summary.steps.find((s) => s.name === 'download')!
    expect(download.requests).toBeGreaterThan(0)
    expect(download.mbInPerSec * 1e6).toBeGreaterThan(download.rps * 100_000)
    // A ceiling in requests, not a band in requests per second: a busy machine sends fewer, never more
    // than 40 per second it ran (plus one second's worth for autocannon's per-second pacing).
    expect(summary.total.requests).toBeLessThanOrEqual(40 * Math.ceil(elapsedSeconds) + 40)
  })

  it('says in one line when the password is wrong or the server unreachable', async () => {
    await expect(executeLoad({ ...options('browse'), password: 'nope' })).rejects.toThrow(
      new UserError(`${server.url} refused the login of user@example.com (wrong password?)`),
    )
    const closed = await closedPort()
    await expect(executeLoad({ ...options('browse'), target: `http://127.0.0.1:${closed}` })).rejects.toThrow(
      new UserError(`cannot reach http://127.0.0.1:${closed} (ECONNREFUSED)`),
    )
  })
})

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve))
  const { port } = probe.address() as { port: number }
  await new Promise((resolve) => probe.close(resolve))
  return port
}
