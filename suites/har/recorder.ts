/**
 * `test --record FILE.har`: each worker appends the exchanges its checked HTTP context makes to a JSON-lines
 * file in the run's state directory (masked as they are written); the command merges them into one HAR
 * after the run (mergeRecording), in the order the requests started.
 */
import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { APIResponse } from '@playwright/test'
import { type Config, configFromEnv } from '../config.ts'
import { runPaths } from '../paths.ts'
import { bodyText, emptyHar, type HarEntry, type HarHeader, MASK, maskHeaders, type Secrets } from './har.ts'

export const harDir = (config: Pick<Config, 'reports'>) => join(runPaths(config).stateDir, 'har')

export interface Exchange {
  method: string
  /** The URL as sent, query included. */
  url: string
  headers: Record<string, string>
  body?: Buffer
  started: Date
  response: APIResponse
  /** The role whose token the request carried, or the role logging in. */
  account?: string
  test?: string
}

let config: Config | undefined
const secrets: Secrets = { values: new Map() }

function recording(): Config | undefined {
  config ??= configFromEnv()
  if (!config.record) return undefined
  // Passwords are masked by field (a short one, `user`, must not blank every word it is part of); a
  // configured token is masked wherever it appears.
  if (config.token) secrets.values.set(config.token, '{{token:user}}')
  return config
}

/** Whether this process records (cheap: read once). */
export const isRecording = (): boolean => recording() !== undefined

const headerList = (h: Record<string, string>): HarHeader[] =>
  Object.entries(h).map(([name, value]) => ({ name, value }))

/** Appends one exchange to this worker's recording (a no-op unless `--record` is set). */
export async function recordExchange(x: Exchange): Promise<void> {
  const cfg = recording()
  if (!cfg) return
  const res = x.response
  const body = await res.body()
  const resType = res.headers()['content-type'] ?? ''
  // A login hands out a token: from now on it is masked as the account's token, wherever it appears.
  if (x.account && /\/api2\/auth-token\/$/.test(new URL(x.url).pathname) && res.status() === 200) {
    const token = (JSON.parse(body.toString('utf8')) as { token?: string }).token
    if (token) secrets.values.set(token, `{{token:${x.account}}}`)
  }
  if (/json/.test(resType)) learnRepoTokens(body)
  const reqType = Object.entries(x.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? ''
  const reqBody = x.body ? bodyText(x.body, reqType, secrets) : undefined
  const resBody = bodyText(body, resType, secrets)
  const url = new URL(x.url)
  const entry: HarEntry = {
    startedDateTime: x.started.toISOString(),
    time: Date.now() - x.started.getTime(),
    request: {
      method: x.method,
      url: maskQuery(url),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: maskHeaders(headerList(x.headers), secrets),
      queryString: [...new URL(maskQuery(url)).searchParams].map(([name, value]) => ({ name, value })),
      ...(reqBody
        ? {
            postData: {
              mimeType: reqType,
              text: reqBody.text,
              ...(reqBody.encoding ? { _encoding: reqBody.encoding } : {}),
              ...(reqBody.truncated ? { _truncated: reqBody.truncated } : {}),
            },
          }
        : {}),
      headersSize: -1,
      bodySize: x.body?.length ?? 0,
    },
    response: {
      status: res.status(),
      statusText: res.statusText(),
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: maskHeaders(res.headersArray(), secrets),
      content: {
        size: body.length,
        mimeType: resType,
        text: resBody.text,
        ...(resBody.encoding ? { encoding: resBody.encoding } : {}),
        ...(resBody.truncated ? { _truncated: resBody.truncated } : {}),
      },
      redirectURL: res.headers().location ?? '',
      headersSize: -1,
      bodySize: body.length,
    },
    cache: {},
    timings: { send: 0, wait: Date.now() - x.started.getTime(), receive: 0 },
    ...(x.test ? { _test: x.test } : {}),
    ...(x.account ? { _account: x.account } : {}),
  }
  const dir = harDir(cfg)
  mkdirSync(dir, { recursive: true })
  appendFileSync(join(dir, `${process.pid}.jsonl`), `${JSON.stringify(entry)}\n`)
}

/**
 * Sync tokens (`"token": "<40 hex>"` in download-info or a created library) are credentials for a library:
 * masked from their first appearance, each as its own `{{repotoken:N}}` so a replay can tell them apart.
 */
function learnRepoTokens(body: Buffer): void {
  const text = body.toString('utf8')
  for (const m of text.matchAll(/"token"\s*:\s*"([0-9a-f]{40})"/g))
    if (!secrets.values.has(m[1]!)) secrets.values.set(m[1]!, `{{repotoken:${secrets.values.size + 1}}}`)
}

/** The URL with a `password` query parameter and every known secret masked. */
function maskQuery(url: URL): string {
  const out = new URL(url)
  if (out.searchParams.has('password')) out.searchParams.set('password', MASK)
  let text = out.toString()
  for (const [value, mask] of secrets.values) text = text.split(value).join(mask)
  return text
}

/** Empties the recording directory before a run. */
export function resetRecording(cfg: Config): void {
  rmSync(harDir(cfg), { recursive: true, force: true })
}

/** Merges the workers' files into one HAR at `file`; returns the number of entries. */
export function mergeRecording(cfg: Config, file: string, accounts: Record<string, string>): number {
  const dir = harDir(cfg)
  let entries: HarEntry[] = []
  try {
    for (const name of readdirSync(dir))
      for (const line of readFileSync(join(dir, name), 'utf8').split('\n'))
        if (line) entries.push(JSON.parse(line) as HarEntry)
  } catch {
    entries = []
  }
  entries.sort((a, b) => a.startedDateTime.localeCompare(b.startedDateTime))
  const har = emptyHar(entries)
  writeFileSync(file, JSON.stringify({ log: { ...har.log, _accounts: accounts } }, null, 1))
  return entries.length
}
