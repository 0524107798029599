/**
 * The robustness specs' way to the target: raw requests through Playwright's request context (no spec check,
 * no retries on 429), each with its own timeout, so a hang is a failure and not a stuck run.
 */
import type { APIRequestContext } from '@playwright/test'
import { isRecording, recordExchange } from '../har/recorder.ts'
import type { RawRequest } from './fuzz/encode.ts'
import type { Transport } from './fuzz/run.ts'
import { TransportError } from './fuzz/run.ts'

/** Errors Playwright raises before anything reaches the server (a header value it will not send). */
const CLIENT_SIDE = /invalid (header|character)|ERR_INVALID|Unsupported|is not a valid/i

export function playwrightTransport(ctx: APIRequestContext, base: string): Transport {
  const root = base.replace(/\/+$/, '')
  return async (req: RawRequest, timeoutMs: number) => {
    const url = /^https?:/.test(req.url) ? req.url : root + req.url
    const started = Date.now()
    try {
      const res = await ctx.fetch(url, {
        method: req.method,
        headers: req.headers,
        data: req.body ? Buffer.from(req.body) : undefined,
        timeout: timeoutMs,
        maxRedirects: 0,
        failOnStatusCode: false,
      })
      const body = await res.body()
      if (isRecording())
        await recordExchange({
          method: req.method,
          url,
          headers: req.headers,
          body: req.body ? Buffer.from(req.body) : undefined,
          started: new Date(started),
          response: res,
          account: undefined,
        })
      return {
        status: res.status(),
        contentType: res.headers()['content-type'] ?? '',
        body,
        ms: Date.now() - started,
      }
    } catch (err) {
      const message = (err as Error).message.split('\n')[0] ?? String(err)
      if (/timeout|timed out/i.test(message)) throw new TransportError('timeout', message)
      if (CLIENT_SIDE.test(message)) throw new TransportError('client', message)
      throw new TransportError('network', message)
    }
  }
}
