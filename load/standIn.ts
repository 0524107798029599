/**
 * A tiny Seafile stand-in for the runner's tests (auth, libraries, listing, links, file server upload and
 * download, resumable chunks). Not the mock: it checks only what the load runner sends.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface StandIn {
  url: string
  /** Sizes of every completed upload, by file name. */
  uploads: Map<string, number[]>
  libraries: Map<string, Map<string, Buffer>>
  close(): Promise<void>
}

const TOKEN = 'a'.repeat(40)

export async function startStandIn(): Promise<StandIn> {
  const libraries = new Map<string, Map<string, Buffer>>()
  const uploads = new Map<string, number[]>()
  const tokens = new Map<string, { repo: string; file?: string }>()
  const chunks = new Map<string, Buffer>()

  const server = createServer(async (req, res) => {
    // A client that goes away at the end of a run must not crash the server.
    const body = await read(req).catch(() => undefined)
    if (!body) return
    const url = new URL(req.url!, `http://${req.headers.host}`)
    const origin = `http://${req.headers.host}`
    const json = (status: number, value: unknown) =>
      send(res, status, JSON.stringify(value), 'application/json')
    const p = url.pathname
    // What `load` asks first, to tell a Seafile server from anything else (cli/identify.ts).
    if (p === '/api2/server-info/') return json(200, { version: '11.0.12', features: [] })
    if (p === '/api2/auth-token/' && req.method === 'POST') {
      const form = new URLSearchParams(body.toString())
      if (form.get('username') === 'user@example.com' && form.get('password') === 'user')
        return json(200, { token: TOKEN })
      return json(400, { non_field_errors: ['Unable to login with provided credentials.'] })
    }
    if (p.startsWith('/api2/') && req.headers.authorization !== `Token ${TOKEN}`)
      return json(401, { detail: 'Invalid token' })
    if (p === '/api2/auth/ping/') return json(200, 'pong')
    if (p === '/api2/repos/' && req.method === 'GET')
      return json(
        200,
        [...libraries.keys()].map((id) => ({ id })),
      )
    if (p === '/api2/repos/' && req.method === 'POST') {
      const id = randomUUID()
      libraries.set(id, new Map())
      return json(200, { repo_id: id })
    }
    const repo = /^\/api2\/repos\/([^/]+)\/(.*)$/.exec(p)
    if (repo) {
      const [, id, rest] = repo
      const files = libraries.get(id!)
      if (!files) return json(404, { error_msg: 'Library not found.' })
      const name = (url.searchParams.get('p') ?? '/').slice(1)
      if (rest === '' && req.method === 'DELETE') {
        libraries.delete(id!)
        return json(200, 'success')
      }
      if (rest === 'dir/')
        return json(
          200,
          [...files].map(([n, b]) => ({ type: 'file', name: n, size: b.length })),
        )
      if (rest === 'file/detail/')
        return files.has(name) ? json(200, { name }) : json(404, { error_msg: 'File not found' })
      if (rest === 'file/') {
        if (!files.has(name)) return json(404, { error_msg: 'File not found' })
        const t = randomUUID()
        tokens.set(t, { repo: id!, file: name })
        return json(200, `${origin}/files/${t}/${name}`)
      }
      if (rest === 'upload-link/') {
        const t = randomUUID()
        tokens.set(t, { repo: id! })
        return json(200, `${origin}/upload-api/${t}`)
      }
    }
    const files = /^\/files\/([^/]+)\//.exec(p)
    if (files) {
      const t = tokens.get(files[1]!)
      const content = t?.file ? libraries.get(t.repo)?.get(t.file) : undefined
      return content
        ? send(res, 200, content, 'application/octet-stream')
        : send(res, 403, 'Access token not found\n')
    }
    const upload = /^\/upload-api\/([^/]+)$/.exec(p)
    if (upload && req.method === 'POST') {
      const t = tokens.get(upload[1]!)
      if (!t) return send(res, 403, '{"error": "Access token not found"}\n')
      const part = filePart(body, String(req.headers['content-type']))
      if (!part) return send(res, 400, '{"error": "No file in multipart form."}\n')
      let content = part.content
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(String(req.headers['content-range'] ?? ''))
      if (range) {
        const [start, end, total] = range.slice(1).map(Number) as [number, number, number]
        const key = `${t.repo}/${part.name}`
        const temp = chunks.get(key) ?? Buffer.alloc(total)
        content.copy(temp, start)
        chunks.set(key, temp)
        if (end !== total - 1) return json(200, { success: true })
        chunks.delete(key)
        content = temp
      }
      libraries.get(t.repo)?.set(part.name, content)
      uploads.set(part.name, [...(uploads.get(part.name) ?? []), content.length])
      return json(200, [{ name: part.name, size: content.length }])
    }
    send(res, 404, 'not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    uploads,
    libraries,
    close: () => {
      server.closeAllConnections()
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}

async function read(req: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const chunk of req) parts.push(chunk as Buffer)
  return Buffer.concat(parts)
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}

/** The `file` part of a multipart body (the load runner always sends it last). */
function filePart(body: Buffer, contentType: string): { name: string; content: Buffer } | undefined {
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1]
  if (!boundary) return undefined
  const header = body.indexOf('name="file"; filename="')
  if (header < 0) return undefined
  const nameStart = header + 'name="file"; filename="'.length
  const name = body.subarray(nameStart, body.indexOf('"', nameStart)).toString()
  const start = body.indexOf('\r\n\r\n', header) + 4
  const end = body.lastIndexOf(`\r\n--${boundary}--`)
  return { name, content: body.subarray(start, end) }
}
