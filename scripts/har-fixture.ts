/**
 * Turns a recording (`seafile-conformance test --record FILE.har`) into a committable replay fixture:
 * volatile values become placeholders (suites/har/placeholders.ts), the accounts are named by role.
 *   npx tsx scripts/har-fixture.ts IN.har fixtures/har/workflows.har
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Har } from '../suites/har/har.ts'
import { normaliseHar } from '../suites/har/placeholders.ts'

const [input, output] = process.argv.slice(2)
if (!input || !output) {
  console.error('usage: npx tsx scripts/har-fixture.ts IN.har OUT.har')
  process.exit(2)
}
const har = JSON.parse(readFileSync(input, 'utf8')) as Har
const fixture = normaliseHar(har, har.log._accounts ?? {})
// One exchange per line: compact, and a re-recording diffs line by line.
const { entries, ...meta } = fixture.log
const lines = entries.map((e) => JSON.stringify(e)).join(',\n')
writeFileSync(output, `{"log": ${JSON.stringify(meta).slice(0, -1)}, "entries": [\n${lines}\n]}}\n`)
console.log(`${output}: ${fixture.log.entries.length} exchanges`)
