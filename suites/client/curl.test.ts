import { describe, expect, test } from 'vitest'
import { toCurl } from './curl.ts'

describe('a request as a curl command', () => {
  test('method, URL with its query, headers; the token becomes $TOKEN', () => {
    expect(
      toCurl({
        method: 'GET',
        url: 'http://127.0.0.1:8000/api2/repos/r1/dir/',
        params: { p: "/it's here" },
        headers: {
          Authorization: 'Token 0123456789abcdef0123456789abcdef01234567',
          Accept: 'application/json',
        },
      }),
    ).toBe(
      `curl -X GET 'http://127.0.0.1:8000/api2/repos/r1/dir/?p=%2Fit%27s+here' -H "Authorization: Token $TOKEN" -H 'Accept: application/json'`,
    )
  })

  test('form fields, a password as $PASSWORD; multipart files by name; JSON bodies; other secrets redacted', () => {
    expect(
      toCurl({
        method: 'POST',
        url: 'http://h/api2/auth-token/',
        form: { username: 'a@b.c', password: 'pw' },
      }),
    ).toBe(
      `curl -X POST 'http://h/api2/auth-token/' --data-urlencode 'username=a@b.c' --data-urlencode "password=$PASSWORD"`,
    )
    expect(
      toCurl({
        method: 'POST',
        url: 'http://h/seafhttp/upload-api/tok',
        multipart: {
          parent_dir: '/',
          file: { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('x') },
        },
      }),
    ).toBe(
      `curl -X POST 'http://h/seafhttp/upload-api/tok' -F 'parent_dir=/' -F 'file=@a.txt;type=text/plain'`,
    )
    expect(toCurl({ method: 'PUT', url: 'http://h/x', data: { name: 'n' } })).toBe(
      `curl -X PUT 'http://h/x' -H 'Content-Type: application/json' --data-raw '{"name":"n"}'`,
    )
    expect(toCurl({ method: 'GET', url: 'http://h/x?q=hunter2' }, ['hunter2'])).toBe(
      `curl -X GET 'http://h/x?q=***'`,
    )
  })
})
