/**
 * A fault-injecting reverse proxy: forwards every request to an upstream Seafile and lets a variant rewrite
 * the request or the response. Absolute links the upstream hands out (upload and download URLs) are
 * rewritten to the proxy's own origin so that file-server traffic passes through it too.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface ProxiedRequest {
  method: string
  /** Path and query, e.g. `/api2/repos/?type=mine`. */
  url: string
  headers: Headers
  body: Uint8Array
}

export interface ProxiedResponse {
  status: number
  headers: Headers
  body: Uint8Array
}

export interface Variant {
  name: string
  /** The documented behaviour this variant breaks. */
  breaks: string
  /** A Playwright `--grep` selecting the suite area that must catch it (keeps each proof run short). */
  grep: string
  /** The level the suite runs at (default core): `strict` for rules the reference server itself breaks. */
  level?: 'core' | 'strict'
  /** Answers the request itself (e.g. drops a write); return undefined to forward it. */
  onRequest?(req: ProxiedRequest): ProxiedResponse | undefined
  /** Rewrites the upstream's answer. */
  onResponse?(req: ProxiedRequest, res: ProxiedResponse): ProxiedResponse
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'content-encoding']

async function readBody(req: IncomingMessage): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export interface RunningProxy {
  url: string
  close(): Promise<void>
}

export async function startProxy(upstream: string, variant: Variant | undefined): Promise<RunningProxy> {
  const upstreamOrigin = new URL(upstream).origin
  let selfOrigin = ''
  const server: Server = createServer(async (incoming, outgoing) => {
    try {
      const headers = new Headers()
      for (const [k, v] of Object.entries(incoming.headers))
        if (v !== undefined && !HOP_BY_HOP.includes(k) && k !== 'host')
          headers.set(k, Array.isArray(v) ? v.join(', ') : v)
      const req: ProxiedRequest = {
        method: incoming.method ?? 'GET',
        url: incoming.url ?? '/',
        headers,
        body: await readBody(incoming),
      }
      let res = variant?.onRequest?.(req)
      if (!res) {
        const upstreamRes = await fetch(upstreamOrigin + req.url, {
          method: req.method,
          headers: req.headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.from(req.body),
          redirect: 'manual',
        })
        const body = new Uint8Array(await upstreamRes.arrayBuffer())
        res = { status: upstreamRes.status, headers: new Headers(upstreamRes.headers), body }
        res = rewriteOrigin(res, upstreamOrigin, selfOrigin)
        if (variant?.onResponse) res = variant.onResponse(req, res)
      }
      const out: Record<string, string> = {}
      res.headers.forEach((v, k) => {
        if (!HOP_BY_HOP.includes(k)) out[k] = v
      })
      // A HEAD answer has no body to measure: pass on the length the upstream declared.
      const declared = res.headers.get('content-length')
      out['content-length'] =
        req.method === 'HEAD' && declared !== null ? declared : String(res.body.byteLength)
      outgoing.writeHead(res.status, out)
      outgoing.end(req.method === 'HEAD' ? undefined : Buffer.from(res.body))
    } catch (err) {
      outgoing.writeHead(502, { 'content-type': 'text/plain' })
      outgoing.end(`proxy error: ${(err as Error).message}\n`)
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  selfOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    url: selfOrigin,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}

/** Replaces the upstream origin in JSON/text bodies and the Location header. */
function rewriteOrigin(res: ProxiedResponse, from: string, to: string): ProxiedResponse {
  const type = res.headers.get('content-type') ?? ''
  const location = res.headers.get('location')
  if (location) res.headers.set('location', location.replaceAll(from, to))
  if (!/json|text\/plain/.test(type) || res.body.byteLength > 1 << 20) return res
  const text = Buffer.from(res.body).toString('utf8')
  if (!text.includes(from)) return res
  return { ...res, body: Buffer.from(text.replaceAll(from, to)) }
}

export const textOf = (body: Uint8Array): string => Buffer.from(body).toString('utf8')
export const jsonOf = (body: Uint8Array): unknown => JSON.parse(textOf(body))
export const bodyOf = (value: unknown): Uint8Array =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))
export const pathOf = (req: ProxiedRequest): string => req.url.split('?')[0]!
export const queryOf = (req: ProxiedRequest): URLSearchParams =>
  new URLSearchParams(req.url.split('?')[1] ?? '')
