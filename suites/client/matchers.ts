/**
 * Matchers for Seafile's response families (seafile-server-semantics.md §0):
 * seahub `{"error_msg": "..."}`, DRF `{"detail": "..."}`, and plain JSON-string successes (`"success"`).
 * Used as `await expect(res).toBeSeahubError(404, 'Library not found.')`.
 */
import type { APIResponse } from '@playwright/test'

interface MatcherResult {
  pass: boolean
  message: () => string
  name: string
}

async function parseJson(
  res: APIResponse,
): Promise<{ ok: true; value: unknown } | { ok: false; text: string }> {
  const text = (await res.body()).toString('utf8')
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, text: text.slice(0, 200) }
  }
}

const describeRes = (res: APIResponse, body: string) =>
  `${res.status()} ${res.headers()['content-type'] ?? '(no content type)'} ${body.slice(0, 200)}`

/** An error of one JSON family: the status, a JSON content type, a string field, optionally its text. */
async function jsonError(
  name: string,
  field: string,
  res: APIResponse,
  status: number,
  expected?: string | RegExp,
): Promise<MatcherResult> {
  const parsed = await parseJson(res)
  const body = parsed.ok ? JSON.stringify(parsed.value) : parsed.text
  const value =
    parsed.ok && parsed.value && typeof parsed.value === 'object'
      ? (parsed.value as Record<string, unknown>)[field]
      : undefined
  const problems: string[] = []
  if (res.status() !== status) problems.push(`status ${res.status()} instead of ${status}`)
  if (!/json/.test(res.headers()['content-type'] ?? '')) problems.push('content type is not JSON')
  if (typeof value !== 'string') problems.push(`body has no string "${field}"`)
  else if (
    expected !== undefined &&
    !(typeof expected === 'string' ? value === expected : expected.test(value))
  )
    problems.push(`"${field}" is ${JSON.stringify(value)}, expected ${String(expected)}`)
  const wanted = `${status} {"${field}": ${expected === undefined ? '…' : String(expected)}}`
  return {
    name,
    pass: problems.length === 0,
    message: () =>
      problems.length === 0
        ? `expected a response other than ${wanted}`
        : `expected ${wanted}\nreceived ${describeRes(res, body)}\n${problems.join('; ')}`,
  }
}

export const seafileMatchers = {
  /** Seahub's `api_error(code, msg)`: `{"error_msg": msg}`. */
  async toBeSeahubError(res: APIResponse, status: number, message?: string | RegExp) {
    return jsonError('toBeSeahubError', 'error_msg', res, status, message)
  },

  /** A Django REST framework error (auth, throttling, wrong method): `{"detail": msg}`. */
  async toBeDrfError(res: APIResponse, status: number, detail?: string | RegExp) {
    return jsonError('toBeDrfError', 'detail', res, status, detail)
  },

  /** A success whose body is one JSON string, e.g. 200 `"pong"` or 201 `"success"`. */
  async toBeJsonString(res: APIResponse, status: number, value: string | RegExp): Promise<MatcherResult> {
    const parsed = await parseJson(res)
    const body = parsed.ok ? JSON.stringify(parsed.value) : parsed.text
    const got = parsed.ok ? parsed.value : undefined
    const pass =
      res.status() === status &&
      typeof got === 'string' &&
      (typeof value === 'string' ? got === value : value.test(got))
    return {
      name: 'toBeJsonString',
      pass,
      message: () =>
        `expected ${status} ${JSON.stringify(String(value))}\nreceived ${describeRes(res, body)}`,
    }
  },
}
