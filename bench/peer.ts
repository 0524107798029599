/**
 * `npm run bench -- --peer URL` (or `SEAFILE_BENCH_PEER=URL`): the mock against another server, in the
 * alternating rounds of `load --compare` (load/compare/), for the browse and download scenarios.
 * Credentials: `--peer-user/--peer-password/--peer-token` or `SEAFILE_BENCH_PEER_USER/_PASSWORD/_TOKEN`.
 */
import { parseArgs } from 'node:util'
import { buildCompareReport, type CompareReport, renderCompareTerminal } from '../load/compare/report.ts'
import { runRounds, type Server } from '../load/compare/rounds.ts'
import { MOCK_USER, startEmbeddedMock } from '../load/embeddedMock.ts'

/** The peer from the command line, then the environment; undefined when none is given. */
export function peerFrom(argv: string[], env: NodeJS.ProcessEnv): Server | undefined {
  const { values: v } = parseArgs({
    args: argv,
    strict: false,
    options: {
      peer: { type: 'string' },
      'peer-user': { type: 'string' },
      'peer-password': { type: 'string' },
      'peer-token': { type: 'string' },
    },
  })
  const text = (x: unknown) => (typeof x === 'string' ? x : undefined)
  const target = text(v.peer) ?? env.SEAFILE_BENCH_PEER
  if (!target) return undefined
  const user = text(v['peer-user']) ?? env.SEAFILE_BENCH_PEER_USER
  const password = text(v['peer-password']) ?? env.SEAFILE_BENCH_PEER_PASSWORD
  const token = text(v['peer-token']) ?? env.SEAFILE_BENCH_PEER_TOKEN
  return {
    target,
    ...(user ? { user } : {}),
    ...(password ? { password } : {}),
    ...(token ? { token } : {}),
  }
}

/** Runs the comparison and prints it; the reports (without the rounds' histograms) go to bench.json. */
export async function benchPeer(
  peer: Server,
  seconds: number,
  rounds: number,
): Promise<Record<string, Omit<CompareReport, 'rounds'>>> {
  const mock = await startEmbeddedMock()
  const out: Record<string, Omit<CompareReport, 'rounds'>> = {}
  try {
    for (const scenario of ['browse', 'download'] as const) {
      console.log(
        `\nthe mock (A) against ${peer.target} (B): ${scenario}, ${rounds} rounds each of ${seconds} s`,
      )
      const done = await runRounds({
        a: { target: mock.url, ...MOCK_USER },
        b: peer,
        rounds: Math.max(3, rounds),
        scenario,
        model: { kind: 'closed', connections: 10 },
        durationSeconds: seconds,
        fileSize: 256 * 1024,
        chunkSize: 64 * 1024,
      })
      const report = buildCompareReport(done, { a: { target: mock.url }, b: peer }, [], [])
      console.log(renderCompareTerminal(report))
      const { rounds: _rounds, ...figures } = report
      out[scenario] = figures
    }
    return out
  } finally {
    await mock.close()
  }
}
