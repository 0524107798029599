/**
 * A target that is not Seafile (issue #22, point 8): `test` and `load` print one clear line naming what
 * answered, and exit with the usage/config code (2), never the HTML page.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { notSeafile } from '../../cli/identify.ts'
import { createMockServer } from '../../mock/index.ts'

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'seafile-conformance.mjs')
/** As Python's http.server answers a method it does not support. */
const PAGE =
  '<!DOCTYPE HTML>\n<html><head><title>Error response</title></head>\n<body><h1>Error response</h1><p>Error code: 501</p></body></html>\n'

let server: Server
let url: string
beforeAll(async () => {
  server = createServer((_req, res) =>
    res.writeHead(501, { 'Content-Type': 'text/html;charset=utf-8' }).end(PAGE),
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

function cli(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
    })
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString()
    })
    child.on('close', (code) => resolve({ code, out, err }))
  })
}

describe('a target that is not Seafile', () => {
  test('identify: one line naming the request, its status and content type; a Seafile server passes', async () => {
    expect(await notSeafile(url)).toBe(
      `${url}: not a Seafile server: GET /api2/server-info/ answered 501 text/html`,
    )
    const mock = await createMockServer()
    const running = await mock.listen(0, '127.0.0.1')
    try {
      expect(await notSeafile(running.url)).toBeUndefined()
    } finally {
      await running.close()
      await mock.close()
    }
  })

  test.each([
    ['test', ['test', '--target', '', '--user', 'a@b.c', '--password', 'pw']],
    ['load', ['load', '--target', '', '--user', 'a@b.c', '--password', 'pw', '--duration', '1s']],
  ])('%s prints one line and exits 2', { timeout: 120_000 }, async (_name, args) => {
    const run = await cli(...args.map((a) => a || url))
    expect(run.code).toBe(2)
    // (load announces its plan on the line before)
    expect(run.err.trim().split('\n').at(-1)).toBe(
      `seafile-conformance: ${url}: not a Seafile server: GET /api2/server-info/ answered 501 text/html`,
    )
    expect(run.out + run.err).not.toContain('<')
  })
})
