import { describe, expect, it } from 'vitest'
import { UserError } from '../cli/userError.ts'
import { parseDuration, parseLoadArgs, parseMix, parseRate } from './config.ts'

describe('parseLoadArgs', () => {
  it('takes flags over SEAFILE_* variables over defaults', () => {
    const env = {
      SEAFILE_TARGET: 'http://env.example:8000',
      SEAFILE_USER: 'env@example.com',
      SEAFILE_PASSWORD: 'pw',
    }
    const s = parseLoadArgs(['--user', 'flag@example.com', '--scenario', 'download'], env)
    expect(s).toMatchObject({
      target: 'http://env.example:8000',
      user: 'flag@example.com',
      password: 'pw',
      scenario: 'download',
      durationSeconds: 30,
      model: { kind: 'closed', connections: 10 },
      fileSize: 256 * 1024,
      chunkSize: 64 * 1024,
      out: 'reports',
    })
  })

  it('uses the open model for --rate, with enough connections for the rate', () => {
    expect(parseLoadArgs(['--rate', '200/s'], {}).model).toEqual({ kind: 'open', rate: 200, connections: 20 })
    expect(parseLoadArgs(['--rate', '6000/m', '--connections', '3'], {}).model).toEqual({
      kind: 'open',
      rate: 100,
      connections: 3,
    })
  })

  it('collects repeated thresholds', () => {
    const s = parseLoadArgs(['--threshold', 'p95<200ms', '--threshold', 'download.p99<1s'], {})
    expect(s.thresholds.map((t) => t.source)).toEqual(['p95<200ms', 'download.p99<1s'])
  })

  it('refuses bad values with one line naming the flag or variable', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--target', 'ftp://x'], {}, /--target must be an http\(s\) URL/],
      [[], { SEAFILE_TARGET: 'not a url' }, /SEAFILE_TARGET must be an http\(s\) URL/],
      [['--scenario', 'delete-all'], {}, /--scenario must be one of browse, download, upload, mixed/],
      [['--duration', 'soon'], {}, /--duration must look like/],
      [['--duration', '2h'], {}, /at most 1h/],
      [['--rate', 'fast'], {}, /--rate must look like/],
      [['--size', 'big'], {}, /--size must look like/],
      [['--emit', 'jmeter'], {}, /--emit knows only k6/],
      [['--frobnicate'], {}, /Unknown option '--frobnicate'/],
    ]
    for (const [argv, env, message] of cases) {
      expect(() => parseLoadArgs(argv, env), argv.join(' ')).toThrow(UserError)
      expect(() => parseLoadArgs(argv, env), argv.join(' ')).toThrow(message)
    }
  })
})

describe('value parsers', () => {
  it('reads durations, rates and mixes', () => {
    expect(parseDuration('1m30s')).toBe(90)
    expect(parseDuration('500ms')).toBe(0.5)
    expect(parseDuration('45')).toBe(45)
    expect(parseDuration('5 min')).toBeNaN()
    expect(parseRate('250/s')).toBe(250)
    expect(parseRate('120/m')).toBe(2)
    expect(parseMix('browse=1,upload=3')).toEqual({ browse: 1, download: 0, upload: 3 })
    expect(() => parseMix('browse=0')).toThrow(UserError)
  })
})
