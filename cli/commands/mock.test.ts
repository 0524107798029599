import { describe, expect, test } from 'vitest'
import { UserError } from '../userError.ts'
import { help, parseMockArgs } from './mock.ts'

describe('seafile-conformance mock flags', () => {
  test('reads port, host, data dir, seed and public URL', () => {
    expect(
      parseMockArgs(['--port', '0', '--host', '::1', '--data-dir', '/tmp/x', '--seed', 's.yaml']),
    ).toEqual({
      port: 0,
      host: '::1',
      dataDir: '/tmp/x',
      seed: 's.yaml',
    })
  })

  test('refuses an unknown flag and a bad port with one-line user errors', () => {
    expect(() => parseMockArgs(['--bogus'])).toThrow(UserError)
    expect(() => parseMockArgs(['--bogus'])).toThrow(/^mock: Unknown option '--bogus'/)
    expect(() => parseMockArgs(['--port', 'abc'])).toThrow(
      'mock: --port must be an integer from 0 to 65535, got "abc"',
    )
    expect(() => parseMockArgs(['--port', '70000'])).toThrow(UserError)
  })

  test('documents the default accounts', () => {
    expect(help).toContain('user@example.com / user')
  })
})
