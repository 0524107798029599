import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { FEATURES, featureEnv, SETTINGS } from './config.ts'

test('documents every setting in the README table', () => {
  const readme = readFileSync(join(import.meta.dirname, 'README.md'), 'utf8')
  const row = (...cells: string[]) => new RegExp(cells.map((c) => `\\|\\s*\`${c}\`\\s*`).join('') + '\\|')
  for (const s of SETTINGS) expect(readme).toMatch(row(`--${s.flag}`, s.env, s.key))
  for (const f of FEATURES) expect(readme).toContain(`\`${f}\``)
  expect(readme).toContain(featureEnv('lock').replace('LOCK', '<NAME>'))
})
