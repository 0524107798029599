/** `load --config FILE` (issue #22, point 9): the test file's connection keys and a `load:` section. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { withConfigFile } from '../../cli/commands/load.ts'
import { parseLoadArgs } from '../../load/config.ts'

const dir = mkdtempSync(join(tmpdir(), 'load-config-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const file = join(dir, 'seafile-conformance.yaml')
writeFileSync(
  file,
  [
    'target: http://seafile.example.com',
    'user: alice@example.com',
    'password: secret',
    'level: strict # a test setting: load leaves it alone',
    'load:',
    '  scenario: download',
    '  duration: 5s',
    '  threshold: ["p95<200ms", "errors<1%"]',
    '',
  ].join('\n'),
)

test('the file sets what flags and environment leave open: flags > env > file', async () => {
  const settings = parseLoadArgs(await withConfigFile(['--config', file], {}), {})
  expect(settings).toMatchObject({
    target: 'http://seafile.example.com',
    user: 'alice@example.com',
    password: 'secret',
    scenario: 'download',
    durationSeconds: 5,
  })
  expect(settings.thresholds).toHaveLength(2)
  const env = { SEAFILE_TARGET: 'http://env.example.com' }
  const over = parseLoadArgs(
    await withConfigFile(['--config', file, '--scenario', 'browse', '--threshold', 'p99<1s'], env),
    env,
  )
  expect(over).toMatchObject({ target: 'http://env.example.com', scenario: 'browse' })
  expect(over.thresholds).toHaveLength(1)
})

test('one-line errors: an unknown key names the file, an unknown flag points to --help', async () => {
  const bad = join(dir, 'bad.yaml')
  writeFileSync(bad, 'load:\n  colour: red\n')
  await expect(withConfigFile(['--config', bad], {})).rejects.toThrow(
    /^load: config file .*: unknown setting "colour"$/,
  )
  expect(() => parseLoadArgs(['--colour'], {})).toThrow(/see seafile-conformance load --help/)
})

test('test --config reads the same file: the mock: and load: sections are not its settings', async () => {
  const { resolveConfig } = await import('../../suites/config.ts')
  const both = join(dir, 'both.yaml')
  writeFileSync(both, 'target: http://seafile.example.com\nload:\n  scenario: upload\nmock:\n  port: 0\n')
  expect(resolveConfig({ flags: { config: both } }).config.target).toBe('http://seafile.example.com')
})
