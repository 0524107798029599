/** `seafile-conformance load`: load scenarios, k6 emission and merging of runners (load/README.md). */

export const help = `Usage: seafile-conformance load [options]
       seafile-conformance load merge RESULT... [--threshold T ...] [--baseline FILE] [--out DIR]

Runs a Seafile workflow under load and reports requests/s, MB/s and latency percentiles per step.
Without --target it starts the embedded mock on a free loopback port.

Options:
  --target URL          server to load (env SEAFILE_TARGET)
  --user EMAIL          account to log in with (env SEAFILE_USER)
  --password PW         its password (env SEAFILE_PASSWORD)
  --token T             an API token instead of user and password (env SEAFILE_TOKEN)
  --scenario NAME       browse | download | upload | mixed (default browse)
  --mix W               weights of the mixed scenario (default browse=6,download=3,upload=1)
  --duration D          timed part, e.g. 30s, 2m (default 30s, at most 1h)
  --connections N       closed model: N connections, each waiting for its answer (default 10)
  --rate R/s            open model: fixed request rate (autocannon overallRate) over the connections
  --size S              generated file size for downloads and uploads (default 256KiB)
  --chunk-size S        Content-Range chunk of resumable uploads (default 64KiB)
  --threshold T         pass/fail criterion, repeatable: p95<200ms, p99<1s, rps>100, errors<1%,
                        download.p95<300ms (step.metric), max<2s, mbps>50, requests>=1000
  --baseline FILE       an earlier load.json: side-by-side comparison with the change in percent
  --out DIR             where load.json and load.html go (default reports)
  --compare URL         a second server: both run the scenario in alternating rounds (A, B, A, B …) and
                        the report gives per step both medians, their spread and the ratio B/A
                        (env SEAFILE_COMPARE_TARGET)
  --compare-user EMAIL, --compare-password PW, --compare-token T
                        its credentials (env SEAFILE_COMPARE_USER, _PASSWORD, _TOKEN)
  --rounds N            rounds per server with --compare (default 3, at least 3)
                        ratio thresholds: ratio.p95<1.5, ratio.rps>0.8, download.ratio.p50<2
  --emit k6             write DIR/load-<scenario>.k6.js for k6 instead of running
  --config FILE         YAML/JSON file: target, user, password, token (as for \`test\`) and a \`load:\`
                        section of these options by name; flags and environment variables win over it

Merge: combines load.json files, or k6 JSON outputs of an emitted script (k6 run --out json=F),
from runners that ran at the same time; thresholds are judged on the merged histograms.

Exit codes: 0 done and every threshold passed · 99 a threshold failed (as k6) ·
            2 usage error, unreachable server, refused login · 1 unexpected failure`

/** The settings' environment variables (load/config.ts): a file's value yields to them. */
const ENV: Record<string, string> = {
  target: 'SEAFILE_TARGET',
  user: 'SEAFILE_USER',
  password: 'SEAFILE_PASSWORD',
  token: 'SEAFILE_TOKEN',
  compare: 'SEAFILE_COMPARE_TARGET',
  'compare-user': 'SEAFILE_COMPARE_USER',
  'compare-password': 'SEAFILE_COMPARE_PASSWORD',
  'compare-token': 'SEAFILE_COMPARE_TOKEN',
}

/** `compare: {target, user, password, token}` in a config file, as the flags `--compare`, `--compare-user` … */
function flattenCompare(settings: Record<string, unknown>): Record<string, unknown> {
  const { compare, ...rest } = settings
  if (typeof compare !== 'object' || compare === null || Array.isArray(compare)) return settings
  const flat: Record<string, unknown> = { ...rest }
  for (const [key, value] of Object.entries(compare))
    flat[key === 'target' ? 'compare' : `compare-${key}`] = value
  return flat
}

/** `argv` with the settings of `--config FILE` the flags and the environment leave open, before them. */
export async function withConfigFile(argv: string[], env = process.env): Promise<string[]> {
  const { takeConfigFlag, readConfigFile, configArgs } = await import('../configFile.ts')
  const { file, rest } = takeConfigFlag(argv)
  if (!file) return rest
  const { OPTIONS } = await import('../../load/config.ts')
  const fromFile = configArgs(flattenCompare(readConfigFile(file, 'load')), {
    argv: rest,
    known: new Set(Object.keys(OPTIONS)),
    skip: (name) => !!ENV[name] && !!env[ENV[name]],
    file,
    command: 'load',
  })
  return [...fromFile, ...rest]
}

export async function run(argv: string[]): Promise<number> {
  // Imported here: the load generator and its reports are not needed for --help.
  const { loadCommand, mergeCommand } = await import('../../load/command.ts')
  if (argv[0] === 'merge') return mergeCommand(argv.slice(1))
  return loadCommand(await withConfigFile(argv))
}
