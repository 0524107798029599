/** A Transport over the mock's in-process `fetch` (no socket), with the same timeout rule as over HTTP. */
import type { RawRequest } from '../../suites/robustness/fuzz/encode.ts'
import type { WireResponse } from '../../suites/robustness/fuzz/judge.ts'
import { type Transport, TransportError } from '../../suites/robustness/fuzz/run.ts'

export const IN_PROCESS_BASE = 'http://localhost'

export function inProcessTransport(fetch: (req: Request) => Promise<Response>): Transport {
  return async (req: RawRequest, timeoutMs: number): Promise<WireResponse> => {
    let request: Request
    try {
      request = new Request(new URL(req.url, IN_PROCESS_BASE), {
        method: req.method,
        headers: req.headers,
        body: req.body && req.method !== 'GET' && req.method !== 'HEAD' ? Buffer.from(req.body) : undefined,
        redirect: 'manual',
      })
    } catch (err) {
      throw new TransportError('client', (err as Error).message)
    }
    const started = performance.now()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new TransportError('timeout', `no answer in ${timeoutMs} ms`)),
        timeoutMs,
      )
    })
    try {
      const answer = (async () => {
        const res = await fetch(request)
        if (res.type === 'error') throw new TransportError('network', 'network error (Response.error())')
        return {
          status: res.status,
          contentType: res.headers.get('content-type') ?? '',
          body: Buffer.from(await res.arrayBuffer()),
          ms: Math.round(performance.now() - started),
        }
      })()
      return await Promise.race([answer, timeout])
    } finally {
      clearTimeout(timer)
    }
  }
}
