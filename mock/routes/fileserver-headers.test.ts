import { describe, expect, it } from 'vitest'
import { goPathEscape, rawUtf8Header } from './fileserver-headers.ts'

describe('goPathEscape', () => {
  it('escapes as Go url.PathEscape does: UTF-8 bytes, spaces, parentheses and quotes', () => {
    expect(goPathEscape("héllo ✓ (1)'*!.txt")).toBe('h%C3%A9llo%20%E2%9C%93%20%281%29%27%2A%21.txt')
  })

  it('keeps the characters a path segment may hold and escapes / ; , ?', () => {
    expect(goPathEscape('a-_.~$&+:=@b')).toBe('a-_.~$&+:=@b')
    expect(goPathEscape('a/b;c,d?e')).toBe('a%2Fb%3Bc%2Cd%3Fe')
  })
})

describe('rawUtf8Header', () => {
  it('carries the UTF-8 bytes as latin1 and turns control characters into spaces', () => {
    expect(Buffer.from(rawUtf8Header('é\r\nx'), 'latin1').toString('utf8')).toBe('é  x')
  })
})
