/**
 * `seafile-conformance diff --reference URL --target URL`: replays the same recorded workflows (default
 * fixtures/har/workflows.har; any HAR from `test --record` normalised by scripts/har-fixture.ts) against
 * both servers, each with its own accounts, and reports per operation where status, content type or body
 * shape differ: a terminal table, diff.json and diff.html (the exchanges side by side).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { packageFile } from '../../spec/packageFiles.ts'
import { SpecValidator } from '../../spec/validator.ts'
import type { AllowedDifference } from '../../suites/har/allowList.ts'
import { differential, type Side } from '../../suites/har/differential.ts'
import { diffHtml, diffJson, diffTable } from '../../suites/har/diffReport.ts'
import type { Har } from '../../suites/har/har.ts'
import { UserError } from '../userError.ts'

const DEFAULT_HAR = packageFile('fixtures', 'har', 'workflows.har')

/** Flag suffix → environment suffix, for each side's accounts. */
const ACCOUNT_FIELDS = [
  ['user', 'USER'],
  ['password', 'PASSWORD'],
  ['user2', 'USER2'],
  ['password2', 'PASSWORD2'],
  ['admin-user', 'ADMIN_USER'],
  ['admin-password', 'ADMIN_PASSWORD'],
] as const

export const help = [
  'Usage: seafile-conformance diff --reference URL --target URL [options]',
  '',
  'Replays the same recorded workflows against a reference server (e.g. a real Seafile) and a target, and',
  'reports per operation where status, content type or body shape differ.',
  '',
  'Options (each also an environment variable):',
  '  --reference URL               the reference server (SEAFILE_REFERENCE)',
  '  --reference-user EMAIL        and --reference-password, --reference-user2, --reference-password2,',
  '                                --reference-admin-user, --reference-admin-password (SEAFILE_REFERENCE_USER…)',
  '  --target URL                  the server under test (SEAFILE_TARGET)',
  '  --user EMAIL                  and --password, --user2, --password2, --admin-user, --admin-password:',
  "                                the target's accounts (SEAFILE_USER…, as for `test`)",
  `  --har FILE                    the workflows to replay (default fixtures/har/workflows.har)`,
  '  --allow FILE                  JSON list of differences to accept, each with its reason',
  '  --out DIR                     where diff.json and diff.html go (default reports/diff)',
  '',
  'Exit status: 0 when no unexplained difference, 1 otherwise, 2 on usage errors.',
].join('\n')

function accountsOf(get: (flag: string, env: string) => string | undefined): Side['accounts'] {
  const out: Side['accounts'] = {}
  const pairs: [string, string, string][] = [
    ['user', 'user', 'password'],
    ['user2', 'user2', 'password2'],
    ['admin', 'admin-user', 'admin-password'],
  ]
  for (const [role, userFlag, passFlag] of pairs) {
    const envOf = (f: string) => ACCOUNT_FIELDS.find(([k]) => k === f)![1]
    const email = get(userFlag, envOf(userFlag))
    const password = get(passFlag, envOf(passFlag))
    if (email && password !== undefined) out[role] = { email, password }
  }
  return out
}

export async function run(argv: string[]): Promise<number> {
  const options: Record<string, { type: 'string' }> = {
    reference: { type: 'string' },
    target: { type: 'string' },
    har: { type: 'string' },
    allow: { type: 'string' },
    out: { type: 'string' },
  }
  for (const [f] of ACCOUNT_FIELDS) {
    options[f] = { type: 'string' }
    options[`reference-${f}`] = { type: 'string' }
  }
  let values: Record<string, string | undefined>
  try {
    values = parseArgs({ args: argv, options, strict: true }).values as Record<string, string | undefined>
  } catch (err) {
    throw new UserError(`${(err as Error).message} (see seafile-conformance diff --help)`)
  }
  const env = process.env
  const referenceUrl = values.reference ?? env.SEAFILE_REFERENCE
  const targetUrl = values.target ?? env.SEAFILE_TARGET
  if (!referenceUrl || !targetUrl) throw new UserError('diff needs --reference URL and --target URL')
  const reference: Side = {
    url: referenceUrl,
    accounts: accountsOf((f, e) => values[`reference-${f}`] ?? env[`SEAFILE_REFERENCE_${e}`]),
  }
  const target: Side = { url: targetUrl, accounts: accountsOf((f, e) => values[f] ?? env[`SEAFILE_${e}`]) }
  for (const [name, side] of [
    ['reference', reference],
    ['target', target],
  ] as const)
    if (!side.accounts.user)
      throw new UserError(
        `no account for the ${name} (${name === 'reference' ? '--reference-user/--reference-password' : '--user/--password'})`,
      )
  const harFile = values.har ?? DEFAULT_HAR
  let har: Har
  let allowList: AllowedDifference[] = []
  try {
    har = JSON.parse(readFileSync(harFile, 'utf8')) as Har
    if (values.allow) allowList = JSON.parse(readFileSync(values.allow, 'utf8')) as AllowedDifference[]
  } catch (err) {
    throw new UserError(`cannot read ${(err as Error).message}`)
  }
  const result = await differential(har, reference, target, new SpecValidator(), allowList)
  const out = resolve(values.out ?? join('reports', 'diff'))
  mkdirSync(out, { recursive: true })
  writeFileSync(join(out, 'diff.json'), diffJson(result))
  writeFileSync(join(out, 'diff.html'), diffHtml(result))
  console.log(diffTable(result))
  console.log(`\nreports: ${join(out, 'diff.json')}, ${join(out, 'diff.html')}`)
  return result.differences === 0 ? 0 : 1
}
