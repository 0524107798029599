/**
 * Body shapes: what a replay or a differential run compares instead of values (ids, times and names differ
 * from server to server; keys and JSON types must not). Arrays are compared element by element up to the
 * shorter length, objects key by key, recursively.
 */

export type BodyKind = 'json' | 'text' | 'binary' | 'empty'

export interface ShapeDifference {
  /** `$.commits[0].ctime` */
  path: string
  /** `number` vs `string`, `missing key`, `extra key`… */
  detail: string
}

export const jsonType = (v: unknown): string =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number' && Number.isInteger(v)
        ? 'integer'
        : typeof v

/** Parses a body as JSON when its content type says so (undefined when it is not JSON). */
export function parseJson(
  text: string | undefined,
  mimeType: string,
): { ok: true; value: unknown } | { ok: false } {
  if (!text || !/json/i.test(mimeType)) return { ok: false }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false }
  }
}

export function bodyKind(text: string | undefined, mimeType: string, size: number): BodyKind {
  if (size === 0 || !text) return 'empty'
  if (parseJson(text, mimeType).ok) return 'json'
  return /text|json|html|xml|javascript/i.test(mimeType) ? 'text' : 'binary'
}

/** An integer where a number was recorded (or back) is the same JSON type. */
const sameType = (a: string, b: string) =>
  a === b || (a === 'integer' && b === 'number') || (a === 'number' && b === 'integer')

export function compareShapes(expected: unknown, actual: unknown, path = '$'): ShapeDifference[] {
  const te = jsonType(expected)
  const ta = jsonType(actual)
  if (!sameType(te, ta)) return [{ path, detail: `${te} vs ${ta}` }]
  const out: ShapeDifference[] = []
  if (te === 'array') {
    const e = expected as unknown[]
    const a = actual as unknown[]
    for (let i = 0; i < Math.min(e.length, a.length); i++)
      out.push(...compareShapes(e[i], a[i], `${path}[${i}]`))
  } else if (te === 'object') {
    const e = expected as Record<string, unknown>
    const a = actual as Record<string, unknown>
    for (const k of Object.keys(e))
      if (!(k in a)) out.push({ path: `${path}.${k}`, detail: 'missing key' })
      else out.push(...compareShapes(e[k], a[k], `${path}.${k}`))
    for (const k of Object.keys(a)) if (!(k in e)) out.push({ path: `${path}.${k}`, detail: 'extra key' })
  }
  return out
}

/** The media type without parameters, lower case (`application/json`). */
export const mediaType = (contentType: string | undefined) =>
  (contentType ?? '').split(';')[0]!.trim().toLowerCase()

export interface ResponseView {
  status: number
  mimeType: string
  text?: string
  size: number
}

export interface ExchangeDifference {
  field: 'status' | 'content-type' | 'body'
  path?: string
  detail: string
}

/** Where two answers to the same request differ: status, content type, body kind and JSON shape. */
export function compareResponses(expected: ResponseView, actual: ResponseView): ExchangeDifference[] {
  const out: ExchangeDifference[] = []
  if (expected.status !== actual.status)
    out.push({ field: 'status', detail: `${expected.status} vs ${actual.status}` })
  const [me, ma] = [mediaType(expected.mimeType), mediaType(actual.mimeType)]
  if (me !== ma) out.push({ field: 'content-type', detail: `${me || '(none)'} vs ${ma || '(none)'}` })
  const [ke, ka] = [
    bodyKind(expected.text, expected.mimeType, expected.size),
    bodyKind(actual.text, actual.mimeType, actual.size),
  ]
  if (ke !== ka) out.push({ field: 'body', path: '$', detail: `${ke} vs ${ka}` })
  else if (ke === 'json') {
    const e = parseJson(expected.text, expected.mimeType)
    const a = parseJson(actual.text, actual.mimeType)
    if (e.ok && a.ok)
      for (const d of compareShapes(e.value, a.value))
        out.push({ field: 'body', path: d.path, detail: d.detail })
  }
  return out
}
