/**
 * The mock's options: explicit values win over `SEAFILE_*` environment variables, which win over defaults.
 * Validated once with zod; a bad value is a clear error before the server starts.
 */
import { z } from 'zod'
import { FAULT_ENV, faultOptionFields } from './faults/options.ts'
import { LOG_FORMATS, LOG_LEVELS } from './http/requestLog.ts'

const account = z.object({
  email: z.string().min(1),
  password: z.string(),
  isStaff: z.boolean().optional(),
  name: z.string().optional(),
})

const envBool = z.union([
  z.boolean(),
  z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'] }),
])
const int = z.coerce.number().int()

export const MockOptionsSchema = z.object({
  /** Port of `listen()` and the CLI (`SEAFILE_MOCK_PORT`). */
  port: int.min(0).max(65535).default(8000),
  /** Host of `listen()` (`SEAFILE_MOCK_HOST`); loopback unless asked. */
  host: z.string().min(1).default('127.0.0.1'),
  /** Absolute base of links (`SEAFILE_PUBLIC_URL`); unset: the origin of each request. */
  publicUrl: z
    .url()
    .transform((u) => u.replace(/\/+$/, ''))
    .optional(),
  /** Where state persists (`SEAFILE_MOCK_DATA_DIR`); unset: memory only. */
  dataDir: z.string().min(1).optional(),
  /** A JSON or YAML seed file of accounts and libraries (`SEAFILE_MOCK_SEED`). */
  seed: z.string().min(1).optional(),
  /** Lifetime of file-server access tokens, seconds (`SEAFILE_TOKEN_TTL`; web_token_expire_time). */
  tokenTtl: int.positive().default(3600),
  /** Largest upload in bytes, -1 = unlimited (`SEAFILE_MAX_UPLOAD_SIZE`; 442 above it). */
  maxUploadSize: int.min(-1).default(-1),
  /** Per-user quota in bytes, negative = unlimited (`SEAFILE_USER_QUOTA`; 443 above it). */
  userQuota: int.default(-2),
  /** Refuse Content-Range chunks that do not start at the bytes held (`SEAFILE_RESUMABLE_STRICT`). */
  resumableStrict: envBool.default(false),
  /** ENABLE_RESUMABLE_FILEUPLOAD: `Accept-Ranges: bytes` on file-uploaded-bytes (`SEAFILE_RESUMABLE_UPLOAD`). */
  resumableUpload: envBool.default(true),
  /** Answer `need_idx_progress=true` uploads with a task id for /idx_progress, as the document says; the
   * Go file server ignores the flag (`SEAFILE_IDX_PROGRESS`). */
  idxProgress: envBool.default(false),
  /** Polls a copy/move task between libraries takes to finish; 0 = done before its id is handed out
   * (`SEAFILE_MOCK_COPY_TASK_STEPS`; model/copyTasks.ts). */
  copyTaskSteps: int.min(0).max(1000).default(0),
  /**
   * seahub ≥ 11 user names (`SEAFILE_MOCK_VIRTUAL_IDS`): accounts are stored under a virtual id
   * `<32 hex>@auth.local` with the e-mail as contact e-mail and login (base/accounts.py
   * UserManager.create_user); account info answers the id as `email`, and the admin create answers the
   * account object. Off by default: users made before 11, and the documents, have the e-mail as user name.
   */
  virtualIds: envBool.default(false),
  /** SEAFILE_VERSION reported by server-info (`SEAFILE_MOCK_VERSION`). */
  version: z.string().default('11.0.12'),
  /** Accounts created at start (unless already stored). */
  accounts: z.array(account).default([
    { email: 'admin@example.com', password: 'admin', isStaff: true, name: 'admin' },
    { email: 'user@example.com', password: 'user', name: 'user' },
    { email: 'user2@example.com', password: 'user2', name: 'user2' },
  ]),
  /** CORS for browser clients (`SEAFILE_MOCK_CORS_ORIGIN`): `*`, comma-separated origins, or `off`. */
  corsOrigin: z.string().trim().default('*'),
  /** The mock's own endpoints (`SEAFILE_MOCK_ADMIN`): /__mock__/*, namespaces, /docs, /openapi.yaml. */
  adminApi: envBool.default(true),
  /** Namespaces open at once; beyond it the least recently used close (`SEAFILE_MOCK_MAX_NAMESPACES`). */
  maxNamespaces: int.positive().default(100),
  /** CLOUD_MODE + MULTI_TENANCY for `POST /api2/organization/` (`SEAFILE_MULTI_TENANCY`); off, that view
   * answers 403 `Feature is not enabled.` as a default seahub does. */
  multiTenancy: envBool.default(true),
  /** Validate query and form parameters against spec/openapi.yaml (400 on a missing required one). */
  validateRequests: envBool.default(true),
  /**
   * `listen()` tunes the whole process for large uploads: V8's heap growing factor and glibc's trim
   * threshold (`SEAFILE_MOCK_TUNE_PROCESS`; why: mock/http/processTuning.ts). Off by default: a program
   * that embeds the mock keeps its own settings; the CLI's `mock` command, whose process is the mock,
   * turns it on.
   */
  tuneProcess: envBool.default(false),
  /** Fault injection and rate limits (mock/faults/options.ts, docs/faults.md). */
  ...faultOptionFields,
  /** One line per request at this level and above (`SEAFILE_MOCK_LOG_LEVEL`; mock/http/requestLog.ts). */
  logLevel: z.enum(LOG_LEVELS).default('silent'),
  /** `text` or `json` lines (`SEAFILE_MOCK_LOG_FORMAT`). */
  logFormat: z.enum(LOG_FORMATS).default('text'),
  /** Where unexpected errors are reported. */
  log: z.custom<(message: string) => void>((v) => typeof v === 'function').default(() => console.error),
})

export type MockOptions = z.input<typeof MockOptionsSchema>
export type ResolvedOptions = z.output<typeof MockOptionsSchema>

export const ENV: Record<string, keyof MockOptions> = {
  SEAFILE_MOCK_PORT: 'port',
  SEAFILE_MOCK_HOST: 'host',
  SEAFILE_PUBLIC_URL: 'publicUrl',
  SEAFILE_MOCK_DATA_DIR: 'dataDir',
  SEAFILE_MOCK_SEED: 'seed',
  SEAFILE_TOKEN_TTL: 'tokenTtl',
  SEAFILE_MAX_UPLOAD_SIZE: 'maxUploadSize',
  SEAFILE_USER_QUOTA: 'userQuota',
  SEAFILE_RESUMABLE_STRICT: 'resumableStrict',
  SEAFILE_RESUMABLE_UPLOAD: 'resumableUpload',
  SEAFILE_IDX_PROGRESS: 'idxProgress',
  SEAFILE_MOCK_COPY_TASK_STEPS: 'copyTaskSteps',
  SEAFILE_MOCK_VALIDATE_REQUESTS: 'validateRequests',
  SEAFILE_MULTI_TENANCY: 'multiTenancy',
  SEAFILE_MOCK_CORS_ORIGIN: 'corsOrigin',
  SEAFILE_MOCK_ADMIN: 'adminApi',
  SEAFILE_MOCK_MAX_NAMESPACES: 'maxNamespaces',
  SEAFILE_MOCK_VERSION: 'version',
  SEAFILE_MOCK_VIRTUAL_IDS: 'virtualIds',
  SEAFILE_MOCK_TUNE_PROCESS: 'tuneProcess',
  SEAFILE_MOCK_LOG_LEVEL: 'logLevel',
  SEAFILE_MOCK_LOG_FORMAT: 'logFormat',
  ...FAULT_ENV,
}

/** Merges `options` over the environment over the defaults; throws a readable error for a bad value. */
export function resolveOptions(
  options: Partial<MockOptions> = {},
  env: Record<string, string | undefined> = process.env,
): ResolvedOptions {
  const fromEnv: Record<string, unknown> = {}
  for (const [name, key] of Object.entries(ENV)) {
    const value = env[name]
    if (value !== undefined && value !== '') fromEnv[key] = value
  }
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  const parsed = MockOptionsSchema.safeParse({ ...fromEnv, ...defined })
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const key = String(issue.path[0] ?? '')
    const envName = Object.entries(ENV).find(([, k]) => k === key)?.[0]
    throw new RangeError(`invalid mock option ${key}${envName ? ` (${envName})` : ''}: ${issue.message}`)
  }
  return parsed.data
}
