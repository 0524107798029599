/**
 * `seafile-conformance mock`: starts the stateful mock Seafile on loopback and keeps it running until
 * Ctrl-C. Flags override `SEAFILE_MOCK_*` / `SEAFILE_*` environment variables, which override a config
 * file (`--config`), which overrides the defaults. Unlike the library (quiet, unseeded), the command
 * starts from the `default` seed and logs each request.
 */
import { parseArgs } from 'node:util'
import type { MockOptions } from '../../mock/options.ts'
import { UserError } from '../userError.ts'

export const help = `Usage: seafile-conformance mock [options]

Start the stateful mock Seafile server (seahub API, file server, sync protocol).

Options:
  --port N                port to listen on (default 8000, 0 = any free port; env SEAFILE_MOCK_PORT)
  --host HOST             address to bind (default 127.0.0.1; env SEAFILE_MOCK_HOST)
  --data-dir DIR          keep state in DIR and reload it on restart (default: memory; env
                          SEAFILE_MOCK_DATA_DIR)
  --seed FILE             JSON or YAML seed of accounts and libraries, or a bundled one: default
                          (libraries with content; the default) | empty (env SEAFILE_MOCK_SEED)
  --public-url URL        absolute base for links (default: each request's origin; env SEAFILE_PUBLIC_URL)

Behaviour (booleans also take the opposite form, e.g. --admin to undo SEAFILE_MOCK_ADMIN=false):
  --token-ttl S           lifetime of file-server tokens (upload/download links), seconds (default 3600; env
                          SEAFILE_TOKEN_TTL)
  --max-upload-size B     largest upload in bytes, 442 above it; -1 = unlimited (default; env
                          SEAFILE_MAX_UPLOAD_SIZE)
  --user-quota B          per-user quota in bytes, 443 above it; negative = unlimited (default -2; env
                          SEAFILE_USER_QUOTA)
  --no-resumable-upload   no Accept-Ranges on file-uploaded-bytes (env SEAFILE_RESUMABLE_UPLOAD=false)
  --resumable-strict      refuse (409) a chunk that does not start at the bytes held (env
                          SEAFILE_RESUMABLE_STRICT)
  --idx-progress          answer need_idx_progress uploads with a task id (env SEAFILE_IDX_PROGRESS)
  --copy-task-steps N     polls a copy/move task between libraries takes; 0 = done at once (default; env
                          SEAFILE_MOCK_COPY_TASK_STEPS)
  --no-multi-tenancy      POST /api2/organization/ answers 403 (env SEAFILE_MULTI_TENANCY=false)
  --no-validate-requests  do not refuse requests missing a parameter the spec requires (env
                          SEAFILE_MOCK_VALIDATE_REQUESTS=false)
  --seafile-version V     version in /api2/server-info/ (default 11.0.12; env SEAFILE_MOCK_VERSION)
  --virtual-ids           users are seahub 11 virtual ids (<hex>@auth.local) that log in with their e-mail
                          (env SEAFILE_MOCK_VIRTUAL_IDS)

The mock's own surface:
  --cors-origin O         CORS: *, comma-separated origins, or off (default *; env SEAFILE_MOCK_CORS_ORIGIN)
  --no-admin              no /__mock__/ endpoints, namespaces, /docs/ or /openapi.* (env
                          SEAFILE_MOCK_ADMIN=false)
  --max-namespaces N      namespaces open at once, the least recently used closed beyond (default 100; env
                          SEAFILE_MOCK_MAX_NAMESPACES)

Faults and rate limits (docs/faults.md):
  --fault RULE            inject a fault, repeatable: '[METHOD ]PATH:effect,…' with latency=200ms|100-500ms,
                          status=503, drop, truncate=50%|N, rate=10%, times=N (env SEAFILE_MOCK_FAULTS)
  --fault-config F        YAML/JSON file of fault rules and throttle rates (env SEAFILE_MOCK_FAULT_CONFIG)
  --no-fault-header       ignore the per-request X-Mock-Fault header (env SEAFILE_MOCK_FAULT_HEADER=false)
  --throttle SPEC         rate limits answering 429 as seahub: on (60/min anon, 3000/min user and ping), or
                          anon=N/min,user=N/min,ping=N/min (env SEAFILE_MOCK_THROTTLE)

Logging (one line per request: method, path, status, time, and why a request was refused):
  --log-level L           silent | error (5xx) | warn (also 4xx) | info (every request; default) | debug
                          (also content types) (env SEAFILE_MOCK_LOG_LEVEL)
  --log-format F          text (default) | json, one object a line (env SEAFILE_MOCK_LOG_FORMAT)

Other:
  --config FILE           YAML/JSON file of these settings by flag name (its \`mock:\` section if it has
                          one); flags and environment variables win over it
  --no-tune-process       leave V8's heap growing factor and glibc's trim threshold as they are (env
                          SEAFILE_MOCK_TUNE_PROCESS=false; by default this command sets them for large uploads)
  --check                 do not serve: re-hash every block and fs object under --data-dir, follow every
                          library's commits, print the problems and exit 1 if there are any
  -h, --help              show this help

Flags override the environment variables, which override --config, which overrides the defaults.
Accounts: admin@example.com / admin (staff), user@example.com / user, user2@example.com / user2, and the
seed's (default: alice@example.com / alice-password, bob@example.com / bob-password). API docs: URL/docs/.`

type Flags = Partial<MockOptions> & { check?: boolean }

/**
 * Where this command's defaults differ from the library's: it starts with content (the default seed) and logs
 * each request, and its process is the mock, so it tunes the process for large uploads (an embedding program
 * gets no process-wide tuning unless it asks).
 */
export const COMMAND_DEFAULTS: Partial<MockOptions> = { seed: 'default', logLevel: 'info', tuneProcess: true }

/** How a flag's value becomes an option: text, an integer of at least `min`, a switch, a repeatable list. */
type FlagKind =
  | { type: 'string' }
  | { type: 'int'; min?: number; max?: number }
  | { type: 'boolean' }
  | { type: 'list' }

/**
 * Every option of mock/options.ts a flag can set (all but `accounts`, which come from `--seed`, and `log`),
 * by flag name. A boolean takes `--name` (true) and `--no-name` (false).
 */
export const OPTION_FLAGS: Record<string, { key: keyof MockOptions } & FlagKind> = {
  port: { key: 'port', type: 'int', min: 0, max: 65535 },
  host: { key: 'host', type: 'string' },
  'data-dir': { key: 'dataDir', type: 'string' },
  seed: { key: 'seed', type: 'string' },
  'public-url': { key: 'publicUrl', type: 'string' },
  'token-ttl': { key: 'tokenTtl', type: 'int', min: 1 },
  'max-upload-size': { key: 'maxUploadSize', type: 'int', min: -1 },
  'user-quota': { key: 'userQuota', type: 'int' },
  'resumable-upload': { key: 'resumableUpload', type: 'boolean' },
  'resumable-strict': { key: 'resumableStrict', type: 'boolean' },
  'idx-progress': { key: 'idxProgress', type: 'boolean' },
  'copy-task-steps': { key: 'copyTaskSteps', type: 'int', min: 0 },
  'multi-tenancy': { key: 'multiTenancy', type: 'boolean' },
  'validate-requests': { key: 'validateRequests', type: 'boolean' },
  'seafile-version': { key: 'version', type: 'string' },
  'virtual-ids': { key: 'virtualIds', type: 'boolean' },
  'cors-origin': { key: 'corsOrigin', type: 'string' },
  admin: { key: 'adminApi', type: 'boolean' },
  'max-namespaces': { key: 'maxNamespaces', type: 'int', min: 1 },
  fault: { key: 'faults', type: 'list' },
  'fault-config': { key: 'faultConfig', type: 'string' },
  'fault-header': { key: 'faultHeader', type: 'boolean' },
  throttle: { key: 'throttle', type: 'string' },
  'tune-process': { key: 'tuneProcess', type: 'boolean' },
  'log-level': { key: 'logLevel', type: 'string' },
  'log-format': { key: 'logFormat', type: 'string' },
}

const PARSE_OPTIONS = Object.fromEntries([
  ...Object.entries(OPTION_FLAGS).flatMap(([name, f]) =>
    f.type === 'boolean'
      ? [
          [name, { type: 'boolean' }],
          [`no-${name}`, { type: 'boolean' }],
        ]
      : [[name, f.type === 'list' ? { type: 'string', multiple: true } : { type: 'string' }]],
  ),
  ['check', { type: 'boolean' }],
]) as Record<string, { type: 'string' | 'boolean'; multiple?: boolean }>

/** Parses the flags; every mistake is a one-line UserError. */
export function parseMockArgs(argv: string[]): Flags {
  let values: Record<string, unknown>
  try {
    ;({ values } = parseArgs({
      args: joinNegatives(argv),
      strict: true,
      allowPositionals: false,
      options: PARSE_OPTIONS,
    }))
  } catch (err) {
    throw new UserError(
      `mock: ${(err as Error).message.split('\n')[0]} (see seafile-conformance mock --help)`,
    )
  }
  const flags: Record<string, unknown> = {}
  for (const [name, f] of Object.entries(OPTION_FLAGS)) {
    const value = values[name]
    if (f.type === 'boolean') {
      if (value && values[`no-${name}`])
        throw new UserError(`mock: --${name} and --no-${name} contradict each other`)
      if (value) flags[f.key] = true
      else if (values[`no-${name}`]) flags[f.key] = false
    } else if (f.type === 'list') {
      if ((value as string[] | undefined)?.length) flags[f.key] = value
    } else if (value !== undefined) flags[f.key] = f.type === 'int' ? integer(name, String(value), f) : value
  }
  if (values.check) flags.check = true
  return flags as Flags
}

/** `--user-quota -1` as `--user-quota=-1`: parseArgs takes a value starting with a dash for an option. */
function joinNegatives(argv: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const flag = OPTION_FLAGS[argv[i]!.replace(/^--/, '')]
    const next = argv[i + 1]
    if (argv[i]!.startsWith('--') && flag?.type === 'int' && next !== undefined && /^-\d+$/.test(next))
      out.push(`${argv[i]}=${argv[++i]}`)
    else out.push(argv[i]!)
  }
  return out
}

function integer(name: string, text: string, { min, max }: { min?: number; max?: number }): number {
  const n = Number(text)
  if (/^-?\d+$/.test(text) && (min === undefined || n >= min) && (max === undefined || n <= max)) return n
  const range =
    min !== undefined && max !== undefined
      ? ` from ${min} to ${max}`
      : min !== undefined
        ? ` of at least ${min}`
        : ''
  throw new UserError(`mock: --${name} must be an integer${range}, got "${text}"`)
}

/** What the command sets where the library's defaults suit tests: the default seed, a log line per request. */
/** Flags, then the config file's settings the flags and the environment leave open, then COMMAND_DEFAULTS. */
export async function mockOptions(argv: string[], env = process.env): Promise<Flags> {
  const { takeConfigFlag, readConfigFile, configArgs } = await import('../configFile.ts')
  const { ENV } = await import('../../mock/options.ts')
  const { file, rest } = takeConfigFlag(argv)
  const flags = parseMockArgs(rest)
  const setByEnv = (key: keyof MockOptions) =>
    Object.entries(ENV).some(([name, k]) => k === key && env[name] !== undefined && env[name] !== '')
  let fromFile: Flags = {}
  if (file) {
    const settings = readConfigFile(file, 'mock')
    const booleans = new Set(
      Object.entries(OPTION_FLAGS)
        .filter(([, f]) => f.type === 'boolean')
        .map(([n]) => n),
    )
    fromFile = parseMockArgs(
      configArgs(settings, {
        argv: rest,
        known: new Set([...Object.keys(OPTION_FLAGS), 'check']),
        booleans: new Set([...booleans, 'check']),
        skip: (name) => !!OPTION_FLAGS[name] && setByEnv(OPTION_FLAGS[name].key),
        file,
        command: 'mock',
      }),
    )
  }
  const merged: Flags = { ...fromFile, ...flags }
  for (const [key, value] of Object.entries(COMMAND_DEFAULTS) as [keyof MockOptions, unknown][])
    if (merged[key] === undefined && !setByEnv(key)) (merged as Record<string, unknown>)[key] = value
  return merged
}

export async function run(argv: string[]): Promise<number> {
  const { check, ...flags } = await mockOptions(argv)
  if (check) return integrityCheck(flags.dataDir ?? process.env.SEAFILE_MOCK_DATA_DIR)
  const { createMockServer } = await import('../../mock/index.ts')
  let server: Awaited<ReturnType<typeof createMockServer>>
  try {
    // A flag or SEAFILE_MOCK_TUNE_PROCESS wins over the command's default.
    const tuneProcess =
      flags.tuneProcess ?? (process.env.SEAFILE_MOCK_TUNE_PROCESS ? undefined : COMMAND_DEFAULTS.tuneProcess)
    server = await createMockServer({ ...flags, tuneProcess })
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
  const { banner } = await import('../mockBanner.ts')
  console.log(await banner(listening.url, server.options))
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
