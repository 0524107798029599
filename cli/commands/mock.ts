/**
 * `seafile-conformance mock`: starts the stateful mock Seafile on loopback and keeps it running until
 * Ctrl-C. Flags override `SEAFILE_MOCK_*` / `SEAFILE_*` environment variables, which override defaults.
 */
import { parseArgs } from 'node:util'
import { UserError } from '../userError.ts'

export const help = `Usage: seafile-conformance mock [options]

Start the stateful mock Seafile server (seahub API, file server, sync protocol).

Options:
  --port N          port to listen on (default 8000, 0 = any free port; env SEAFILE_MOCK_PORT)
  --host HOST       address to bind (default 127.0.0.1; env SEAFILE_MOCK_HOST)
  --data-dir DIR    keep state in DIR and reload it on restart (default: memory; env SEAFILE_MOCK_DATA_DIR)
  --seed FILE       JSON or YAML seed of accounts and libraries (env SEAFILE_MOCK_SEED)
  --public-url URL  absolute base for links (default: each request's origin; env SEAFILE_PUBLIC_URL)
  --fault RULE      inject a fault, repeatable: '[METHOD ]PATH:effect,…' with latency=200ms|100-500ms,
                    status=503, drop, truncate=50%|N, rate=10%, times=N (docs/faults.md; env SEAFILE_MOCK_FAULTS)
  --fault-config F  YAML/JSON file of fault rules and throttle rates (env SEAFILE_MOCK_FAULT_CONFIG)
  --no-fault-header ignore the per-request X-Mock-Fault header (env SEAFILE_MOCK_FAULT_HEADER=false)
  --throttle SPEC   rate limits answering 429 as seahub: on (60/min anon, 3000/min user and ping), or
                    anon=N/min,user=N/min,ping=N/min (env SEAFILE_MOCK_THROTTLE)
  --check           do not serve: re-hash every block and fs object under --data-dir, follow every
                    library's commits, print the problems and exit 1 if there are any
  -h, --help        show this help

Accounts: admin@example.com / admin (staff), user@example.com / user, user2@example.com / user2.`

interface Flags {
  port?: number
  host?: string
  dataDir?: string
  seed?: string
  publicUrl?: string
  faults?: string[]
  faultConfig?: string
  faultHeader?: boolean
  throttle?: string
  check?: boolean
}

/** Parses the flags; every mistake is a one-line UserError. */
export function parseMockArgs(argv: string[]): Flags {
  let values: Record<string, string | boolean | string[] | undefined>
  try {
    ;({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        seed: { type: 'string' },
        'public-url': { type: 'string' },
        fault: { type: 'string', multiple: true },
        'fault-config': { type: 'string' },
        'no-fault-header': { type: 'boolean' },
        throttle: { type: 'string' },
        check: { type: 'boolean' },
      },
    }))
  } catch (err) {
    throw new UserError(`mock: ${(err as Error).message.split('\n')[0]}`)
  }
  const flags: Flags = {}
  if (values.port !== undefined) {
    const port = Number(values.port)
    if (!/^\d+$/.test(String(values.port)) || port > 65535)
      throw new UserError(`mock: --port must be an integer from 0 to 65535, got "${values.port}"`)
    flags.port = port
  }
  if (values.host !== undefined) flags.host = String(values.host)
  if (values['data-dir'] !== undefined) flags.dataDir = String(values['data-dir'])
  if (values.seed !== undefined) flags.seed = String(values.seed)
  if (values['public-url'] !== undefined) flags.publicUrl = String(values['public-url'])
  const faults = values.fault as string[] | undefined
  if (faults?.length) flags.faults = faults
  if (values['fault-config'] !== undefined) flags.faultConfig = String(values['fault-config'])
  if (values['no-fault-header']) flags.faultHeader = false
  if (values.throttle !== undefined) flags.throttle = String(values.throttle)
  if (values.check) flags.check = true
  return flags
}

export async function run(argv: string[]): Promise<number> {
  const { check, ...flags } = parseMockArgs(argv)
  if (check) return integrityCheck(flags.dataDir ?? process.env.SEAFILE_MOCK_DATA_DIR)
  const { createMockServer } = await import('../../mock/index.ts')
  let server: Awaited<ReturnType<typeof createMockServer>>
  try {
    server = await createMockServer(flags)
  } catch (err) {
    if (err instanceof RangeError || (err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new UserError(`mock: ${(err as Error).message}`)
    throw err
  }
  let listening: { url: string; close(): Promise<void> }
  try {
    listening = await server.listen()
  } catch (err) {
    await server.close()
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new UserError(`mock: port ${server.options.port} is already in use`)
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
      throw new UserError(`mock: cannot bind ${server.options.host}`)
    throw err
  }
  console.log(`Seafile mock listening on ${listening.url}`)
  console.log(`  state: ${server.options.dataDir ?? 'in memory'}`)
  console.log(
    '  accounts: admin@example.com / admin (staff), user@example.com / user, user2@example.com / user2',
  )
  await new Promise<void>((resolve) => {
    const stop = () => resolve()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await server.close()
  return 0
}

/** `--check`: the integrity check of mock/check/integrity.ts over the data dir. */
async function integrityCheck(dataDir: string | undefined): Promise<number> {
  if (!dataDir) throw new UserError('mock: --check needs --data-dir DIR (or SEAFILE_MOCK_DATA_DIR)')
  const { runIntegrityCheck } = await import('../../mock/check/run.ts')
  try {
    return await runIntegrityCheck(dataDir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || err instanceof RangeError)
      throw new UserError(`mock: --check: ${(err as Error).message}`)
    throw err
  }
}
