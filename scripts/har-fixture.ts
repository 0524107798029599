/**
 * Turns a recording (`seafile-conformance test --record FILE.har`) into a committable replay fixture:
 * volatile values become placeholders (suites/har/placeholders.ts), the accounts are named by role.
 *   npx tsx scripts/har-fixture.ts IN.har fixtures/har/workflows.har
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Har, HarEntry } from '../suites/har/har.ts'
import { normaliseHar } from '../suites/har/placeholders.ts'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('usage: npx tsx scripts/har-fixture.ts IN.har OUT.har')
  process.exit(2)
}
const har = JSON.parse(readFileSync(input, 'utf8')) as Har
// A request whose body was cut (over 16 KiB) cannot be replayed: the whole test it belongs to is left out,
// so no later request waits for what it would have made.
const testOf = (e: HarEntry, i: number) => e._test ?? `#${i}`
const recorded = har.log.entries
const cut = new Set(recorded.flatMap((e, i) => (e.request.postData?._truncated ? [testOf(e, i)] : [])))
const kept = recorded.filter((e, i) => !cut.has(testOf(e, i)))
if (cut.size > 0) console.log(`left out ${cut.size} test(s) with a request body over 16 KiB`)
const fixture = normaliseHar({ log: { ...har.log, entries: kept } }, har.log._accounts ?? {})
// One exchange per line: compact, and a re-recording diffs line by line.
const { entries, ...meta } = fixture.log
const lines = entries.map((e) => JSON.stringify(e)).join(',\n')
writeFileSync(output, `{"log": ${JSON.stringify(meta).slice(0, -1)}, "entries": [\n${lines}\n]}}\n`)
console.log(`${output}: ${fixture.log.entries.length} exchanges`)
