/**
 * `seafile-conformance report`: rebuilds summary.md and conformance.json from the last run's results
 * (against the current spec and known-failures list), prints the summary and where the HTML report is.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { formatSummary } from '../../report/printSummary.ts'
import type { ConformanceReport } from '../../report/summary.ts'
import { readKnownFailures, writeReport } from '../../report/write.ts'
import { runPaths } from '../../suites/paths.ts'
import { UserError } from '../userError.ts'

export const help = [
  'Usage: seafile-conformance report [--reports DIR] [--known-failures FILE] [--html]',
  '',
  'Rebuilds DIR/summary.md and DIR/conformance.json from the last run (default DIR: reports, or',
  'SEAFILE_REPORTS), using the current spec and, if given, a new known-failures list; prints the summary.',
  '  --html   only print where the Playwright HTML report is (open it, or `npx playwright show-report DIR/playwright`)',
  '',
  'Exit status: 0 when the rebuilt verdict is pass, 1 when it is fail, 2 when there is no run to report.',
].join('\n')

export async function run(argv: string[]): Promise<number> {
  let values: { reports?: string; 'known-failures'?: string; html?: boolean }
  try {
    values = parseArgs({
      args: argv,
      options: {
        reports: { type: 'string' },
        'known-failures': { type: 'string' },
        html: { type: 'boolean' },
      },
      strict: true,
    }).values
  } catch (err) {
    throw new UserError((err as Error).message)
  }
  const paths = runPaths({ reports: values.reports ?? process.env.SEAFILE_REPORTS ?? 'reports' })
  if (values.html) {
    const index = join(paths.htmlDir, 'index.html')
    if (!existsSync(index))
      throw new UserError(`no HTML report at ${index}: run seafile-conformance test first`)
    console.log(index)
    return 0
  }
  if (!existsSync(paths.conformanceFile))
    throw new UserError(`no results at ${paths.conformanceFile}: run seafile-conformance test first`)
  const last = JSON.parse(readFileSync(paths.conformanceFile, 'utf8')) as ConformanceReport
  const knownFile = values['known-failures'] ?? (last.config.knownFailures as string | undefined)
  let knownFailures: string[]
  try {
    knownFailures = readKnownFailures(knownFile)
  } catch (err) {
    throw new UserError((err as Error).message)
  }
  const report = writeReport(
    {
      tests: last.tests.map(({ known: _known, ...test }) => test),
      knownFailures,
      config: { ...last.config, knownFailures: knownFile },
      features: last.features,
      errors: last.errors,
      capabilityFailures: last.capabilityFailures,
    },
    paths,
  )
  console.log(formatSummary(report, paths, !!process.stdout.isTTY))
  return report.verdict === 'pass' ? 0 : 1
}
