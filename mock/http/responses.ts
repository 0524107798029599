import { asciiJson, pythonJson } from './json.ts'

type HeaderInit = Record<string, string>

/** DRF `Response(value, status)`: `application/json`, compact ASCII JSON. */
export function drfResponse(value: unknown, status = 200, headers: HeaderInit = {}): Response {
  return new Response(asciiJson(value), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  })
}

/** {@link drfResponse} of a body already serialised with `asciiJson` (and kept: bytes are sent as they are). */
export function drfBody(
  body: string | Uint8Array<ArrayBuffer>,
  status = 200,
  headers: HeaderInit = {},
): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'application/json', ...headers } })
}

/** `HttpResponse(json.dumps(value), content_type='application/json; charset=utf-8')`. */
export function pyJsonResponse(value: unknown, status = 200, headers: HeaderInit = {}): Response {
  return new Response(pythonJson(value), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  })
}

/** {@link pyJsonResponse} of a body already serialised with `pythonJson` (and kept). */
export function pyJsonBody(body: Uint8Array<ArrayBuffer>, status = 200, headers: HeaderInit = {}): Response {
  return new Response(body, {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...headers },
  })
}

/** The plain `"success"` that most seahub mutations answer. */
export const success = (status = 200, headers: HeaderInit = {}): Response =>
  drfResponse('success', status, headers)
