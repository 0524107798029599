/**
 * Turns a recording (`seafile-conformance test --record FILE.har`) into a committable replay fixture:
 * volatile values become placeholders (suites/har/placeholders.ts), the accounts are named by role.
 *   npx tsx scripts/har-fixture.ts IN.har fixtures/har/workflows.har [--tests REGEX]
 * --tests keeps the exchanges of the tests whose title (`_test`, "describe > title") matches, so a full run
 * can give a fixture of a few hundred KB (whole tests: each makes its own libraries, so a selection replays).
 * A fixture normalised before may be normalised again (IN = OUT): its account placeholders are split into
 * login e-mails and user names (suites/har/accounts.ts), as fixtures/har/workflows.har was.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Har, HarEntry } from '../suites/har/har.ts'
import { normaliseHar } from '../suites/har/placeholders.ts'

const [input, output, flag, pattern] = process.argv.slice(2)
if (!input || !output || (flag !== undefined && (flag !== '--tests' || !pattern))) {
  console.error('usage: npx tsx scripts/har-fixture.ts IN.har OUT.har [--tests REGEX]')
  process.exit(2)
}
const har = JSON.parse(readFileSync(input, 'utf8')) as Har
if (pattern) {
  const keep = new RegExp(pattern)
  // The first account info of each role stays: it names seahub 11's virtual user names (placeholders.ts).
  const roles = new Set<string>()
  const firstInfo = (e: HarEntry) => {
    if (!e._account || roles.has(e._account) || !/\/api2\/account\/info\/$/.test(e.request.url)) return false
    roles.add(e._account)
    return true
  }
  har.log.entries = har.log.entries.filter((e) => firstInfo(e) || keep.test(e._test ?? ''))
}
// A request whose body was cut (over 16 KiB) cannot be replayed: the whole test it belongs to is left out,
// so no later request waits for what it would have made.
const testOf = (e: HarEntry, i: number) => e._test ?? `#${i}`
const recorded = har.log.entries
const cut = new Set(recorded.flatMap((e, i) => (e.request.postData?._truncated ? [testOf(e, i)] : [])))
const kept = recorded.filter((e, i) => !cut.has(testOf(e, i)))
for (const t of cut) console.log(`left out (a request body over 16 KiB was cut): ${t}`)
const fixture = normaliseHar({ log: { ...har.log, entries: kept } }, har.log._accounts ?? {})
// One exchange per line: compact, and a re-recording diffs line by line.
const { entries, ...meta } = fixture.log
const lines = entries.map((e) => JSON.stringify(e)).join(',\n')
writeFileSync(output, `{"log": ${JSON.stringify(meta).slice(0, -1)}, "entries": [\n${lines}\n]}}\n`)
console.log(`${output}: ${fixture.log.entries.length} exchanges`)
