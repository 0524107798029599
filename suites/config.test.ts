import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { ConfigError, configFromEnv, redact, redactText, resolveConfig, toEnv } from './config.ts'

const yamlFile = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'sc-config-')), 'seafile-conformance.yaml')
  writeFileSync(file, text)
  return file
}

describe('resolveConfig', () => {
  test('applies the defaults when nothing is set', () => {
    const { config } = resolveConfig()
    expect(config).toMatchObject({ profile: 'auto', level: 'core', reports: 'reports', features: {} })
    expect(config.target).toBeUndefined()
  })

  test('lets flags win over env, and env over the file', () => {
    const file = yamlFile(
      'target: http://file.example\nuser: file@example.com\nlevel: strict\nprofile: pro\n',
    )
    const { config, sources } = resolveConfig({
      file,
      env: { SEAFILE_TARGET: 'http://env.example', SEAFILE_USER: 'env@example.com' },
      flags: { target: 'http://flag.example/' },
    })
    expect(config.target).toBe('http://flag.example')
    expect(config.user).toBe('env@example.com')
    expect(config.level).toBe('strict')
    expect(config.profile).toBe('pro')
    expect(sources).toMatchObject({ target: 'flag', user: 'env', level: 'file' })
  })

  test('reads the file named by --config or SEAFILE_CONFIG', () => {
    const file = yamlFile('user: a@example.com\nfeatures:\n  lock: false\n')
    expect(resolveConfig({ env: { SEAFILE_CONFIG: file } }).config.user).toBe('a@example.com')
    expect(resolveConfig({ flags: { config: file } }).config.features.lock).toBe(false)
  })

  test('merges feature switches from every source', () => {
    const file = yamlFile('features:\n  lock: true\n  search: true\n')
    const { config } = resolveConfig({
      file,
      env: { SEAFILE_FEATURE_LOCK: 'off' },
      flags: { 'feature-search': 'no' },
    })
    expect(config.features).toEqual({ lock: false, search: false })
  })

  test('accepts flag names and config keys for kebab-case settings', () => {
    expect(resolveConfig({ flags: { 'admin-user': 'a@x' } }).config.adminUser).toBe('a@x')
    expect(resolveConfig({ flags: { knownFailures: 'k.txt' } }).config.knownFailures).toBe('k.txt')
  })

  test('rejects a target that is not an http URL, naming the source', () => {
    expect(() => resolveConfig({ flags: { target: 'ftp://x' } })).toThrow(/target \(from --target\).*http/)
    expect(() => resolveConfig({ env: { SEAFILE_TARGET: 'not a url' } })).toThrow(/from SEAFILE_TARGET/)
  })

  test('rejects an unknown level and unknown file keys', () => {
    expect(() => resolveConfig({ flags: { level: 'loose' } })).toThrow(ConfigError)
    expect(() => resolveConfig({ file: yamlFile('colour: red\n') })).toThrow(/unknown setting colour/)
  })

  test('rejects a config file that is not a mapping', () => {
    expect(() => resolveConfig({ file: yamlFile('- a\n- b\n') })).toThrow(/must hold a mapping/)
  })

  test('round-trips through the environment of a child process', () => {
    const { config } = resolveConfig({
      flags: { target: 'http://h:1', user: 'u', password: 'p w', workers: '3', 'feature-lock': 'true' },
    })
    expect(configFromEnv(toEnv(config))).toEqual(config)
  })
})

describe('redaction', () => {
  test('replaces every secret setting and keeps the rest', () => {
    const { config } = resolveConfig({
      flags: {
        target: 'http://h',
        user: 'u@x',
        password: 'pw1',
        password2: 'pw2',
        'admin-password': 'pw3',
        token: 't',
      },
    })
    const out = redact(config)
    expect(out).toMatchObject({
      user: 'u@x',
      password: '***',
      password2: '***',
      adminPassword: '***',
      token: '***',
    })
    expect(config.password).toBe('pw1')
  })

  test('scrubs secrets and tokens from free text', () => {
    const token = 'a'.repeat(40)
    expect(redactText(`login with hunter2 failed`, ['hunter2'])).toBe('login with *** failed')
    expect(redactText(`{"token":"${token}"}`)).toBe('{"token":"***"}')
    expect(redactText(`Authorization: Token ${token}`)).toBe('Authorization: Token ***')
  })
})
