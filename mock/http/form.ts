/**
 * Request bodies of seahub views. DRF's default parsers take JSON, form-urlencoded and multipart bodies;
 * all three become one flat record (repeated keys → arrays). A malformed JSON body is DRF's 400 ParseError.
 */
import type { Context } from 'hono'
import { drfError, fail } from '../errors.ts'
import type { MockContext } from './env.ts'

export type FormValue = string | string[]
export type Form = Record<string, FormValue>

/** Keys whose JSON value was Python-falsy but not None (`0`, `false`): kept off the record's own keys. */
const JSON_FALSY = Symbol('json-falsy')

/**
 * Whether a field is truthy as seahub's `if request.data.get(name):` sees it: a JSON `0` or `false` is
 * falsy though the flat record holds `"0"`/`"false"`; an empty string is falsy either way.
 */
export function pyTruthy(form: Form, name: string): boolean {
  const falsy = (form as { [JSON_FALSY]?: Set<string> })[JSON_FALSY]
  return Boolean(field(form, name)) && !falsy?.has(name)
}

async function parse(req: Request): Promise<Form> {
  const type = (req.headers.get('content-type') ?? '').toLowerCase()
  const form: Form = {}
  const add = (key: string, value: string) => {
    const prev = form[key]
    form[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value]
  }
  if (type.startsWith('application/json')) {
    const text = await req.text()
    if (text.trim() === '') return form
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (err) {
      fail(drfError(400, `JSON parse error - ${(err as Error).message}`))
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return form
    const falsy = new Set<string>()
    Object.defineProperty(form, JSON_FALSY, { value: falsy, enumerable: false })
    for (const [k, v] of Object.entries(value)) {
      if (v === 0 || v === false) falsy.add(k)
      if (Array.isArray(v)) for (const item of v) add(k, String(item))
      else if (v !== null && v !== undefined) add(k, typeof v === 'object' ? JSON.stringify(v) : String(v))
    }
    return form
  }
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(await req.text())) add(k, v)
    return form
  }
  if (type.startsWith('multipart/form-data')) {
    let data: FormData
    try {
      data = await req.formData()
    } catch {
      fail(drfError(400, 'Multipart form parse error - Invalid boundary in multipart: None'))
    }
    for (const [k, v] of data) add(k, typeof v === 'string' ? v : v.name)
  }
  return form
}

/** The parsed body, read once per request (GET and HEAD have none). */
export async function readForm(c: MockContext): Promise<Form> {
  const cached = c.get('form')
  if (cached) return cached
  const method = c.req.method
  const form = method === 'GET' || method === 'HEAD' ? {} : await parse(c.req.raw)
  c.set('form', form)
  return form
}

/** The first value of a form field (Django's `request.data.get`). */
export function field(form: Form, name: string): string | undefined {
  const value = form[name]
  return Array.isArray(value) ? value[value.length - 1] : value
}

/** Django's QueryDict.get: the last value of a repeated query parameter. */
export function queryParam(c: Context, name: string): string | undefined {
  const all = c.req.queries(name)
  return all?.[all.length - 1]
}

/** A path parameter of the matched route (decoded). */
export const pathParam = (c: MockContext, name: string): string =>
  (c.req.param as (n: string) => string | undefined)(name) ?? ''
