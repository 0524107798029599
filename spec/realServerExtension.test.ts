/** `x-seafile-real-server`: the reference server's deviations conform at `core` and fail at `strict`. */
import { describe, expect, it } from 'vitest'
import { SpecValidator } from './validator.ts'

const token = 'a'.repeat(36)
const spec = new SpecValidator()
const check = (status: number, contentType: string, body: string, strict = false) =>
  spec.checkResponse({
    method: 'POST',
    path: `/seafhttp/upload-api/${token}`,
    status,
    contentType,
    body,
    strict,
  })

describe('x-seafile-real-server', () => {
  it('accepts the Go file server error (text) at both levels', () => {
    const body = '{"error": "No parent_dir given.\n"}\n'
    expect(check(400, 'text/plain; charset=utf-8', body)).toEqual([])
    expect(check(400, 'text/plain; charset=utf-8', body, true)).toEqual([])
  })

  it('accepts the C file server error (JSON label, raw newline) at core only', () => {
    const body = '{"error": "Bad request.\n"}'
    expect(check(400, 'application/json; charset=utf-8', body)).toEqual([])
    expect(check(400, 'application/json; charset=utf-8', body, true).join()).toMatch(/not valid JSON/)
  })

  it('still checks a well-formed JSON error against its schema', () => {
    expect(check(403, 'application/json', '{"error": "Access token not found"}', true)).toEqual([])
    expect(check(403, 'application/json', '{"detail": 1}').join()).toMatch(/schema/)
  })

  it('judges the mislabelled plain upload answer as text', () => {
    const ids = `${'a'.repeat(40)}\t${'b'.repeat(40)}`
    expect(check(200, 'application/json; charset=utf-8', ids)).toEqual([])
    expect(check(200, 'application/json; charset=utf-8', '{oops')).not.toEqual([])
  })
})
