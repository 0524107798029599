/** `seafile-conformance load …` and `load merge …`: settings → run → reports → exit code. */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { UserError } from '../cli/userError.ts'
import { parseLoadArgs } from './config.ts'
import { MOCK_USER, type RunningMock, startEmbeddedMock } from './embeddedMock.ts'
import { executeLoad } from './execute.ts'
import { emitK6 } from './k6/emit.ts'
import { readRunnerResult } from './k6/import.ts'
import { mergeResults } from './merge.ts'
import { formatSize } from './payload.ts'
import { renderHtml } from './report/html.ts'
import { buildReport, readResult, reportJson } from './report/model.ts'
import { progressLine, renderTerminal } from './report/terminal.ts'
import type { LoadResult } from './result.ts'
import type { Progress } from './runner.ts'
import { scenario } from './scenarios/index.ts'
import { checkThresholdSteps, parseThreshold, type Threshold } from './thresholds.ts'

/** k6's exit code when thresholds are crossed (`ThresholdsHaveFailed`). */
export const EXIT_THRESHOLDS_FAILED = 99

export async function loadCommand(argv: string[]): Promise<number> {
  const settings = parseLoadArgs(argv)
  const s = scenario(settings.scenario, settings.mix)
  checkThresholdSteps([...settings.thresholds, ...settings.ratioThresholds], s.stepNames)
  if (settings.emit === 'k6') {
    const file = join(settings.out, `load-${settings.scenario}.k6.js`)
    await mkdir(settings.out, { recursive: true })
    const { script, untranslated } = emitK6(settings)
    await writeFile(file, script)
    console.log(`wrote ${file}`)
    console.log(`run it with: k6 run -e SEAFILE_TARGET=… -e SEAFILE_USER=… -e SEAFILE_PASSWORD=… ${file}`)
    if (untranslated.length) {
      console.log(
        `k6 cannot express ${untranslated.join(', ')}: judge them with \`load merge\` on its JSON output`,
      )
    }
    return 0
  }
  if (settings.compare) {
    if (settings.baseline) throw new UserError('--baseline and --compare do not go together')
    const { compareCommand } = await import('./compare/command.ts')
    return compareCommand(settings)
  }
  const baseline = settings.baseline
    ? { file: settings.baseline, result: await readResult(settings.baseline) }
    : undefined

  let mock: RunningMock | undefined
  let result: LoadResult
  try {
    if (!settings.target) mock = await startEmbeddedMock()
    const target = settings.target ?? mock!.url
    const credentials =
      mock && !settings.user && !settings.token
        ? MOCK_USER
        : { user: settings.user, password: settings.password, token: settings.token }
    const model =
      settings.model.kind === 'closed'
        ? `${settings.model.connections} connections`
        : `${settings.model.rate}/s over ${settings.model.connections} connections`
    console.error(
      `load ${settings.scenario} on ${target}${mock ? ' (embedded mock)' : ''}: ${model}, ${settings.durationSeconds} s, files of ${formatSize(settings.fileSize)}`,
    )
    result = await executeLoad({
      target,
      ...credentials,
      scenario: settings.scenario,
      mix: settings.mix,
      model: settings.model,
      durationSeconds: settings.durationSeconds,
      fileSize: settings.fileSize,
      chunkSize: settings.chunkSize,
      onProgress: progressPrinter(settings.durationSeconds),
      log: (line) => console.error(`  ${line}`),
    })
  } finally {
    await mock?.close()
  }
  return report(result, settings.thresholds, baseline, settings.out, 'load')
}

/** `load merge a.json b.json … [--threshold …] [--baseline FILE] [--out DIR]` */
export async function mergeCommand(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseMergeArgs>
  try {
    parsed = parseMergeArgs(argv)
  } catch (err) {
    throw new UserError((err as Error).message.split('\n')[0]!)
  }
  const { values, positionals } = parsed
  if (positionals.length === 0)
    throw new UserError('load merge needs result files: load merge a.json b.json …')
  const thresholds = (values.threshold ?? []).map(parseThreshold)
  const results = await Promise.all(positionals.map(readRunnerResult))
  const merged = mergeResults(results)
  const baseline = values.baseline
    ? { file: values.baseline, result: await readResult(values.baseline) }
    : undefined
  return report(merged, thresholds, baseline, values.out ?? 'reports', 'load-merged')
}

function parseMergeArgs(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      threshold: { type: 'string', multiple: true },
      baseline: { type: 'string' },
      out: { type: 'string' },
    },
  })
}

async function report(
  result: LoadResult,
  thresholds: Threshold[],
  baseline: { file: string; result: LoadResult } | undefined,
  out: string,
  name: string,
): Promise<number> {
  const r = buildReport(result, thresholds, baseline)
  return writeReports(out, name, {
    json: reportJson(r),
    html: renderHtml(r),
    terminal: renderTerminal(r),
    passed: r.passed,
  })
}

/** Writes `OUT/NAME.json` and `.html`, prints the terminal report; the exit code follows the thresholds. */
export async function writeReports(
  out: string,
  name: string,
  r: { json: unknown; html: string; terminal: string; passed: boolean },
): Promise<number> {
  await mkdir(out, { recursive: true })
  const json = join(out, `${name}.json`)
  const html = join(out, `${name}.html`)
  await writeFile(json, `${JSON.stringify(r.json, null, 2)}\n`)
  await writeFile(html, r.html)
  console.log(r.terminal)
  console.log(`\nwrote ${json} and ${html}`)
  if (!r.passed) {
    console.log(`thresholds failed: exit code ${EXIT_THRESHOLDS_FAILED}`)
    return EXIT_THRESHOLDS_FAILED
  }
  return 0
}

/** A progress line each second on a terminal (rewritten in place), every 5 s in logs. */
function progressPrinter(totalSeconds: number): (p: Progress) => void {
  const tty = process.stderr.isTTY
  let lastPrinted = -Infinity
  return (p) => {
    const line = progressLine({ ...p, totalSeconds })
    if (tty) process.stderr.write(`\r\x1b[2K${line}${p.elapsedSeconds >= totalSeconds ? '\n' : ''}`)
    else if (p.elapsedSeconds - lastPrinted >= 5) {
      lastPrinted = p.elapsedSeconds
      process.stderr.write(`${line}\n`)
    }
  }
}
