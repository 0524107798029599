/**
 * The one configuration surface of the conformance run: command-line flags, `SEAFILE_*` environment
 * variables and a YAML file (`--config FILE` or `SEAFILE_CONFIG`), merged with the precedence
 * flags > env > file > defaults, validated once with zod and redacted wherever it is reported.
 * Each setting is declared once in SETTINGS, which gives its flag, env var, YAML key and documentation.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { z } from 'zod'

export const FEATURES = ['search', 'thumbnails', 'encryption', 'admin', 'resumable', 'lock'] as const
export type Feature = (typeof FEATURES)[number]
export const PROFILES = ['auto', 'community', 'pro', 'mock'] as const
export const LEVELS = ['core', 'strict'] as const

const httpUrl = z
  .string()
  .refine((s) => {
    try {
      return ['http:', 'https:'].includes(new URL(s).protocol)
    } catch {
      return false
    }
  }, 'must be an http:// or https:// URL')
  .transform((s) => s.replace(/\/+$/, ''))

/** Optional booleans accept `true|false|1|0|yes|no|on|off` from env and flags, booleans from YAML. */
const flag = z.union([
  z.boolean(),
  z.stringbool({ truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'] }),
])
const count = z.coerce.number().int().positive()

export const ConfigSchema = z
  .object({
    /** Root URL of seahub; absent means "start the embedded mock". */
    target: httpUrl.optional(),
    user: z.string().min(1).optional(),
    password: z.string().optional(),
    user2: z.string().min(1).optional(),
    password2: z.string().optional(),
    adminUser: z.string().min(1).optional(),
    adminPassword: z.string().optional(),
    token: z.string().min(1).optional(),
    profile: z.enum(PROFILES).default('auto'),
    level: z.enum(LEVELS).default('core'),
    grep: z.string().min(1).optional(),
    knownFailures: z.string().min(1).optional(),
    reports: z.string().min(1).default('reports'),
    workers: count.optional(),
    timeout: count.optional(),
    record: z.string().min(1).optional(),
    features: z
      .object(
        Object.fromEntries(FEATURES.map((f) => [f, flag.optional()])) as Record<
          Feature,
          z.ZodOptional<typeof flag>
        >,
      )
      .default({}),
  })
  .strict()

export type Config = z.output<typeof ConfigSchema>
export type ConfigKey = Exclude<keyof Config, 'features'>

export interface Setting {
  key: ConfigKey
  flag: string
  env: string
  secret?: boolean
  doc: string
}

/** Every setting, in the order the README table and `--help` list them. */
export const SETTINGS: Setting[] = [
  {
    key: 'target',
    flag: 'target',
    env: 'SEAFILE_TARGET',
    doc: 'root URL of the server (seahub); unset starts the embedded mock',
  },
  { key: 'user', flag: 'user', env: 'SEAFILE_USER', doc: 'email of the main test user' },
  {
    key: 'password',
    flag: 'password',
    env: 'SEAFILE_PASSWORD',
    secret: true,
    doc: 'password of the main test user',
  },
  {
    key: 'user2',
    flag: 'user2',
    env: 'SEAFILE_USER2',
    doc: 'email of a second user (sharing and permission tests)',
  },
  {
    key: 'password2',
    flag: 'password2',
    env: 'SEAFILE_PASSWORD2',
    secret: true,
    doc: 'password of the second user',
  },
  {
    key: 'adminUser',
    flag: 'admin-user',
    env: 'SEAFILE_ADMIN_USER',
    doc: 'email of a staff account (admin tests)',
  },
  {
    key: 'adminPassword',
    flag: 'admin-password',
    env: 'SEAFILE_ADMIN_PASSWORD',
    secret: true,
    doc: 'password of the staff account',
  },
  {
    key: 'token',
    flag: 'token',
    env: 'SEAFILE_TOKEN',
    secret: true,
    doc: 'API token of the main user (instead of logging in)',
  },
  {
    key: 'profile',
    flag: 'profile',
    env: 'SEAFILE_PROFILE',
    doc: 'auto | community | pro | mock: default feature switches',
  },
  {
    key: 'level',
    flag: 'level',
    env: 'SEAFILE_LEVEL',
    doc: 'core (what the real server does) | strict (core plus stricter checks)',
  },
  {
    key: 'grep',
    flag: 'grep',
    env: 'SEAFILE_GREP',
    doc: 'only run tests whose title matches this regular expression',
  },
  {
    key: 'knownFailures',
    flag: 'known-failures',
    env: 'SEAFILE_KNOWN_FAILURES',
    doc: 'file listing known failing test ids or titles',
  },
  { key: 'reports', flag: 'reports', env: 'SEAFILE_REPORTS', doc: 'directory the reports are written to' },
  { key: 'workers', flag: 'workers', env: 'SEAFILE_WORKERS', doc: 'parallel Playwright workers' },
  { key: 'timeout', flag: 'timeout', env: 'SEAFILE_TIMEOUT', doc: 'per-test timeout in milliseconds' },
  {
    key: 'record',
    flag: 'record',
    env: 'SEAFILE_RECORD',
    doc: 'write every request and response to this HAR 1.2 file (credentials masked)',
  },
]

export const featureEnv = (f: Feature) => `SEAFILE_FEATURE_${f.toUpperCase()}`
export const CONFIG_FILE_ENV = 'SEAFILE_CONFIG'

export type Source = 'flag' | 'env' | 'file' | 'default'
type Raw = Record<string, unknown> & { features?: Record<string, unknown> }

export interface ConfigSources {
  /** Parsed command-line flags, keyed by flag name (`admin-user`) or config key (`adminUser`). */
  flags?: Record<string, unknown>
  env?: Record<string, string | undefined>
  /** A YAML config file; `--config` wins over `SEAFILE_CONFIG`. */
  file?: string
}

export interface ResolvedConfig {
  config: Config
  /** Where each set value came from. */
  sources: Record<string, Source>
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

function fromFlags(flags: Record<string, unknown>): Raw {
  const raw: Raw = {}
  for (const s of SETTINGS) {
    const v = flags[s.flag] ?? flags[s.key]
    if (v !== undefined) raw[s.key] = v
  }
  for (const f of FEATURES) {
    const v = flags[`feature-${f}`]
    if (v !== undefined) raw.features = { ...raw.features, [f]: v }
  }
  return raw
}

function fromEnv(env: Record<string, string | undefined>): Raw {
  const raw: Raw = {}
  for (const s of SETTINGS) {
    const v = env[s.env]
    if (v !== undefined && v !== '') raw[s.key] = v
  }
  for (const f of FEATURES) {
    const v = env[featureEnv(f)]
    if (v !== undefined && v !== '') raw.features = { ...raw.features, [f]: v }
  }
  return raw
}

function fromFile(file: string): Raw {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (err) {
    throw new ConfigError(`cannot read config file ${file}: ${(err as Error).message}`)
  }
  let doc: unknown
  try {
    doc = parse(text)
  } catch (err) {
    throw new ConfigError(`config file ${file} is not valid YAML: ${(err as Error).message.split('\n')[0]}`)
  }
  if (doc === null || doc === undefined) return {}
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new ConfigError(`config file ${file} must hold a mapping`)
  return doc as Raw
}

/** Merges the sources (flags > env > file > defaults) and validates the result. */
export function resolveConfig({ flags = {}, env = {}, file }: ConfigSources = {}): ResolvedConfig {
  const configFile = (flags.config as string | undefined) ?? file ?? env[CONFIG_FILE_ENV]
  const layers: [Source, Raw][] = [
    ['file', configFile ? fromFile(configFile) : {}],
    ['env', fromEnv(env)],
    ['flag', fromFlags(flags)],
  ]
  const merged: Raw = {}
  const sources: Record<string, Source> = {}
  for (const [source, raw] of layers) {
    for (const [key, value] of Object.entries(raw)) {
      // A YAML key with everything under it commented out is null: treat it as unset.
      if (value === null) continue
      if (key === 'features' && value && typeof value === 'object' && !Array.isArray(value)) {
        merged.features = { ...merged.features, ...(value as Record<string, unknown>) }
        for (const f of Object.keys(value)) sources[`features.${f}`] = source
      } else {
        merged[key] = value
        sources[key] = source
      }
    }
  }
  const parsed = ConfigSchema.safeParse(merged)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const key = issue.path.join('.')
    const setting = SETTINGS.find((s) => s.key === key)
    const origin = sources[key] ?? 'default'
    const where =
      origin === 'flag' && setting
        ? ` (from --${setting.flag})`
        : origin === 'env' && setting
          ? ` (from ${setting.env})`
          : origin === 'file'
            ? ` (from ${configFile})`
            : ''
    const message =
      issue.code === 'unrecognized_keys' ? `unknown setting ${issue.keys.join(', ')}` : issue.message
    throw new ConfigError(`invalid setting ${key || '(config)'}${where}: ${message}`)
  }
  return { config: parsed.data, sources }
}

/** The config with every secret replaced, for reports and logs. */
export function redact(config: Config): Config {
  const out: Config = { ...config, features: { ...config.features } }
  for (const s of SETTINGS)
    if (s.secret && out[s.key] !== undefined) (out as Record<string, unknown>)[s.key] = '***'
  return out
}

/** The secret values of a config, so free text (error messages) can be scrubbed of them. */
export const secretsOf = (config: Config): string[] =>
  SETTINGS.filter((s) => s.secret)
    .map((s) => config[s.key])
    .filter((v): v is string => typeof v === 'string' && v.length >= 3)

const TOKEN_PATTERNS: [RegExp, string][] = [
  [/("token"\s*:\s*")[^"]+"/gi, '$1***"'],
  [/(Authorization:?\s*Token\s+)\S+/gi, '$1***'],
  [/(\btoken\s+)[0-9a-f]{40}\b/gi, '$1***'],
]

/** Scrubs secrets and anything that looks like an API token from free text. */
export function redactText(text: string, secrets: string[] = []): string {
  let out = text
  for (const s of secrets) out = out.split(s).join('***')
  for (const [re, to] of TOKEN_PATTERNS) out = out.replace(re, to)
  return out
}

/** The env vars that carry a config to a child process (Playwright workers read them back). */
export function toEnv(config: Config): Record<string, string> {
  const env: Record<string, string> = {}
  for (const s of SETTINGS) {
    const v = config[s.key]
    if (v !== undefined) env[s.env] = String(v)
  }
  for (const f of FEATURES) {
    const v = config.features[f]
    if (v !== undefined) env[featureEnv(f)] = String(v)
  }
  return env
}

/** The config a Playwright process (config file, workers, reporter) reads from its environment. */
export const configFromEnv = (env: Record<string, string | undefined> = process.env): Config =>
  resolveConfig({ env }).config
