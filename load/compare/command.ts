/** `load --compare URL`: both servers in alternating rounds, then the comparison's reports and exit code. */
import { writeReports } from '../command.ts'
import type { LoadSettings } from '../config.ts'
import { MOCK_USER, type RunningMock, startEmbeddedMock } from '../embeddedMock.ts'
import { formatSize } from '../payload.ts'
import { buildCompareReport, renderCompareHtml, renderCompareTerminal } from './report.ts'
import { runRounds, type Server } from './rounds.ts'

export async function compareCommand(settings: LoadSettings): Promise<number> {
  let mock: RunningMock | undefined
  try {
    if (!settings.target) mock = await startEmbeddedMock()
    const a: Server =
      mock && !settings.user && !settings.token
        ? { target: mock.url, ...MOCK_USER }
        : {
            target: settings.target ?? mock!.url,
            user: settings.user,
            password: settings.password,
            token: settings.token,
          }
    const b: Server = settings.compare!
    console.error(
      `compare ${settings.scenario}: A ${a.target}${mock ? ' (embedded mock)' : ''} · B ${b.target} · ${settings.rounds} rounds each of ${settings.durationSeconds} s, files of ${formatSize(settings.fileSize)}`,
    )
    const { scenario, mix, model, durationSeconds, fileSize, chunkSize } = settings
    const rounds = await runRounds({
      ...{ a, b, rounds: settings.rounds, scenario, mix, model, durationSeconds, fileSize, chunkSize },
      onRound: (round, side, target) => console.error(`  round ${round} ${side} ${target}`),
    })
    const report = buildCompareReport(rounds, { a, b }, settings.ratioThresholds, settings.thresholds)
    return writeReports(settings.out, 'load-compare', {
      json: report,
      html: renderCompareHtml(report),
      terminal: renderCompareTerminal(report),
      passed: report.passed,
    })
  } finally {
    await mock?.close()
  }
}
