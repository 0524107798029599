/**
 * The request context every suite request goes through. Each response is checked against the spec
 * (status documented, content type documented, body matches its schema) and the call is recorded, so the
 * report can say which operations each test exercised. A non-conforming response fails the test with the
 * operation, the status and the schema error.
 */

import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { type APIRequestContext, type APIResponse, test } from '@playwright/test'
import { loadSpec, SPEC_FILE, SpecValidator } from '../../spec/validator.ts'
import { configFromEnv, redactText } from '../config.ts'
import { isRecording, recordExchange } from '../har/recorder.ts'
import { runPaths } from '../paths.ts'
import { judgeStrict } from './level.ts'
import { encodeMultipart, type MultipartInput } from './multipart.ts'

/** One response the suite received, as the report sees it. */
export interface SpecCall {
  method: string
  path: string
  /** `GET /api2/repos/{repo_id}/`, when the spec has the operation. */
  operation?: string
  status: number
  /** False for requests sent with `spec: false` (deliberately off-spec, e.g. a wrong method). */
  checked: boolean
  problems: string[]
}

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'HEAD' | 'OPTIONS'

export interface RequestOptions {
  params?: Record<string, string | number | boolean>
  headers?: Record<string, string>
  form?: Record<string, string | number | boolean>
  /** Encoded by the suite (canonical part headers), never by Playwright. */
  multipart?: MultipartInput
  data?: unknown
  /** 0 to see a 301/302 itself instead of its target. */
  maxRedirects?: number
  /** Skip the spec check for a request that is off-spec on purpose; the call is still recorded. */
  spec?: false
  /** Send no Authorization header even if the client has a token. */
  anonymous?: boolean
  /**
   * The operation, when older servers lack the route (seahub 10.0 has no `virtual-repos`, no
   * `repos/{id}/public/`…): at `core` a route-absent answer skips the test with the operation named.
   */
  optionalRoute?: string
}

/**
 * The server has no such route: Django's HTML 404 for an unmatched URL, or DRF's 405 `Method "POST" not
 * allowed.` for a view without that method (seahub 10.0's `ReposView` has no `post`).
 */
export function routeAbsent(res: APIResponse): boolean {
  const type = res.headers()['content-type'] ?? ''
  return (res.status() === 404 && /html/i.test(type)) || (res.status() === 405 && /json/i.test(type))
}

/** At `core`, skips the running test when the target lacks the operation's route (judged from `res`). */
export function skipIfRouteAbsent(res: APIResponse, operation: string): void {
  if (judgeStrict() || !routeAbsent(res)) return
  test
    .info()
    .skip(
      true,
      `feature "route ${operation}" is absent on this server (answered ${res.status()}: no such route)`,
    )
}

export class SpecViolation extends Error {
  override name = 'SpecViolation'
}

/** The wait a 429 asks for (`Expected available in N seconds.`), at least 1 s and at most 30 s. */
export function throttleDelayMs(body: string): number {
  const seconds = Number(/available in (\d+(?:\.\d+)?) second/.exec(body)?.[1] ?? 5)
  return Math.min(Math.max(seconds, 1), 30) * 1000
}

/** `METHOD /template` as the spec lists it: a HEAD without its own operation is served by the GET. */
function operationLabel(validator: SpecValidator, method: string, template: string): string {
  const item = (validator.doc.paths as Record<string, Record<string, unknown>>)[template]
  const defined = item?.[method] ? method : 'get'
  return `${defined.toUpperCase()} ${template}`
}

interface SpecCache {
  mtimeMs: number
  doc: Record<string, unknown>
}

/** Writes the parsed spec as JSON (the global setup does, once per run). */
export function writeSpecCache(file: string): void {
  const cache: SpecCache = { mtimeMs: statSync(SPEC_FILE).mtimeMs, doc: loadSpec() }
  writeFileSync(file, JSON.stringify(cache))
}

/** The spec from the run's JSON copy when it is fresh: parsing the YAML costs each worker half a second. */
function loadSpecCached(): Record<string, unknown> {
  try {
    const cache = JSON.parse(readFileSync(runPaths(configFromEnv()).specCacheFile, 'utf8')) as SpecCache
    if (cache.mtimeMs === statSync(SPEC_FILE).mtimeMs) return cache.doc
  } catch {
    // No cache (a run without the global setup): parse the YAML.
  }
  return loadSpec()
}

let sharedValidator: SpecValidator | undefined
/** One validator per worker (Playwright starts a new worker after each failed test). */
export const specValidator = (): SpecValidator => {
  sharedValidator ??= new SpecValidator(loadSpecCached())
  return sharedValidator
}

export interface HttpOptions {
  /** Root URL of seahub; relative paths are resolved against it. */
  baseURL: string
  /** Where each call is recorded (the current test's list). */
  record: (call: SpecCall) => void
  token?: string
  /** Secret values scrubbed from error messages. */
  secrets?: string[]
  /** The account role the token belongs to (`user`, `user2`, `admin`), for recordings. */
  account?: string
}

export class Http {
  constructor(
    readonly ctx: APIRequestContext,
    readonly options: HttpOptions,
  ) {}

  /** The same context with another token (or none). */
  withToken(token: string | undefined): Http {
    const account = token === this.options.token ? this.options.account : undefined
    return new Http(this.ctx, { ...this.options, token, account })
  }

  get token(): string | undefined {
    return this.options.token
  }

  get = (url: string, o?: RequestOptions) => this.fetch('GET', url, o)
  post = (url: string, o?: RequestOptions) => this.fetch('POST', url, o)
  put = (url: string, o?: RequestOptions) => this.fetch('PUT', url, o)
  delete = (url: string, o?: RequestOptions) => this.fetch('DELETE', url, o)
  head = (url: string, o?: RequestOptions) => this.fetch('HEAD', url, o)
  patch = (url: string, o?: RequestOptions) => this.fetch('PATCH', url, o)

  async fetch(method: Method, url: string, o: RequestOptions = {}): Promise<APIResponse> {
    const absolute = new URL(url, this.options.baseURL + '/')
    const headers: Record<string, string> = { ...o.headers }
    // Multipart bodies are built here, with canonical part-header case (see multipart.ts).
    let data = o.data
    if (o.multipart) {
      const encoded = await encodeMultipart(o.multipart)
      data = encoded.body
      headers['Content-Type'] = encoded.contentType
      // The C file server labels its plain answers by Accept (upload-file.c
      // send_success_reply_ie8_compatible): ask as curl and the desktop client do, not as a JSON API.
      if (!Object.keys(headers).some((h) => h.toLowerCase() === 'accept')) headers.Accept = '*/*'
    }
    if (
      this.options.token &&
      !o.anonymous &&
      !Object.keys(headers).some((h) => h.toLowerCase() === 'authorization')
    )
      headers.Authorization = `Token ${this.options.token}`
    const send = async () => {
      const started = new Date()
      const res = await this.ctx.fetch(absolute.toString(), {
        method,
        headers,
        params: o.params,
        form: o.form,
        data,
        maxRedirects: o.maxRedirects,
        failOnStatusCode: false,
      })
      if (isRecording()) await this.record(method, absolute, headers, o, data, started, res)
      return res
    }
    let res = await send()
    if (o.optionalRoute) skipIfRouteAbsent(res, o.optionalRoute)
    await this.check(method, absolute, res, o.spec !== false)
    // Seahub throttles (429 "Request was throttled. Expected available in N seconds."): a conformance run
    // against a real server waits and retries rather than failing on the server's rate limit.
    for (let retry = 0; retry < 2 && res.status() === 429; retry++) {
      const wait = throttleDelayMs(await res.text())
      await new Promise((r) => setTimeout(r, wait))
      res = await send()
      await this.check(method, absolute, res, o.spec !== false)
    }
    return res
  }

  /** Hands the exchange to the recorder (`test --record`), rebuilt as it went on the wire. */
  private async record(
    method: Method,
    url: URL,
    headers: Record<string, string>,
    o: RequestOptions,
    data: unknown,
    started: Date,
    response: APIResponse,
  ): Promise<void> {
    const sent = new URL(url)
    for (const [k, v] of Object.entries(o.params ?? {})) sent.searchParams.set(k, String(v))
    const all = { ...headers }
    let body: Buffer | undefined
    if (o.form) {
      body = Buffer.from(
        new URLSearchParams(Object.entries(o.form).map(([k, v]) => [k, String(v)])).toString(),
      )
      all['Content-Type'] = 'application/x-www-form-urlencoded'
    } else if (Buffer.isBuffer(data)) body = data
    else if (typeof data === 'string') body = Buffer.from(data)
    else if (data !== undefined) {
      body = Buffer.from(JSON.stringify(data))
      all['Content-Type'] ??= 'application/json'
    }
    let title: string | undefined
    try {
      title = test.info().titlePath.slice(1).join(' > ')
    } catch {
      // Outside a test (logins in a worker fixture).
    }
    const account = this.options.account
    await recordExchange({
      method,
      url: sent.toString(),
      headers: all,
      body,
      started,
      response,
      account,
      test: title,
    })
  }

  /** The spec path of a URL: the target's own path prefix (seahub under /seahub) is not part of it. */
  private specPath(url: URL): string {
    const base = new URL(this.options.baseURL)
    const prefix = base.pathname.replace(/\/+$/, '')
    if (url.origin === base.origin && prefix && url.pathname.startsWith(prefix + '/'))
      return url.pathname.slice(prefix.length)
    return url.pathname
  }

  private async check(method: Method, url: URL, res: APIResponse, checked: boolean): Promise<void> {
    const validator = specValidator()
    const path = this.specPath(url)
    const match = validator.findOperation(method, path)
    const contentType = res.headers()['content-type'] ?? null
    const call: SpecCall = {
      method,
      path,
      operation: match ? operationLabel(validator, match.method, match.template) : undefined,
      status: res.status(),
      checked,
      problems: [],
    }
    if (checked) {
      const body = /json|text/i.test(contentType ?? '') ? (await res.body()).toString('utf8') : ''
      call.problems = validator
        .checkResponse({ method, path, status: res.status(), contentType, body, strict: judgeStrict() })
        .map((p) => redactText(p, this.options.secrets))
    }
    this.options.record(call)
    if (call.problems.length === 0) return
    // Django answers unmatched URLs with an HTML 404: name the likely cause rather than only the content type.
    const hint =
      res.status() === 404 && /html/i.test(contentType ?? '')
        ? ' (an HTML 404: the server has no such route)'
        : ''
    throw new SpecViolation(`response does not conform to the spec: ${call.problems.join('; ')}${hint}`)
  }
}
