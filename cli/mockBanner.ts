/**
 * What `seafile-conformance mock` prints once it listens: where, the seed and what it holds, every account
 * a client can log in with (the mock's built-in ones and the seed's), the API docs, the state and the log.
 */

import type { ResolvedOptions } from '../mock/options.ts'
import { loadSeedFile } from '../mock/seed/loadSeed.ts'

type Account = { email: string; password: string; isStaff?: boolean }

export async function banner(url: string, options: ResolvedOptions): Promise<string> {
  const seed = options.seed ? await loadSeedFile(options.seed) : undefined
  const accounts: Account[] = [...options.accounts]
  for (const user of seed?.users ?? []) if (!accounts.some((a) => a.email === user.email)) accounts.push(user)
  const libraries = seed?.libraries.length ?? 0
  const lines = [
    `Seafile mock listening on ${url}`,
    `  seed:     ${options.seed ?? 'none'} (${libraries} ${libraries === 1 ? 'library' : 'libraries'}${
      options.seed === 'default' ? '; --seed empty for none' : ''
    })`,
    `  accounts: ${accounts.map((a) => `${a.email} / ${a.password}${a.isStaff ? ' (staff)' : ''}`).join(',\n            ')}`,
  ]
  if (options.adminApi) lines.push(`  API docs: ${url}/docs/`)
  lines.push(`  state:    ${options.dataDir ?? 'in memory'}`)
  lines.push(
    `  log:      ${options.logLevel} (${options.logFormat}; --log-level silent|error|warn|info|debug)`,
  )
  return lines.join('\n')
}
