/**
 * `load` settings from flags, then `SEAFILE_*` environment variables, then defaults; validated once with
 * zod. Credentials live only here and in the login request: results and reports never get them.
 */
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { UserError } from '../cli/userError.ts'
import { isRatioThreshold, parseRatioThreshold, type RatioThreshold } from './compare/summary.ts'
import { parseSize } from './payload.ts'
import type { LoadModel } from './result.ts'
import { DEFAULT_MIX, type Mix, SCENARIOS, type ScenarioName } from './scenarios/index.ts'
import { parseThreshold, type Threshold } from './thresholds.ts'

export interface LoadSettings {
  /** Undefined: start the embedded mock on a free loopback port. */
  target?: string
  user?: string
  password?: string
  token?: string
  scenario: ScenarioName
  mix: Mix
  durationSeconds: number
  model: LoadModel
  thresholds: Threshold[]
  /** `ratio.p95<1.5`: judged on the ratio B/A of a `--compare` run. */
  ratioThresholds: RatioThreshold[]
  baseline?: string
  out: string
  emit?: 'k6'
  fileSize: number
  chunkSize: number
  /** `--compare URL`: a second server loaded in alternating rounds with the target (load/compare/). */
  compare?: { target: string; user?: string; password?: string; token?: string }
  /** Rounds per server of a comparison (at least 3). */
  rounds: number
}

export const DEFAULTS = {
  duration: '30s',
  connections: 10,
  out: 'reports',
  size: '256KiB',
  chunk: '64KiB',
  /** Rounds per server of `--compare`: enough for a median and a spread. */
  rounds: 3,
  /** Bounds every run: loops stop by themselves. */
  maxDurationSeconds: 3600,
}

const envSchema = z.object({
  SEAFILE_TARGET: z.url({ protocol: /^https?$/, error: 'SEAFILE_TARGET must be an http(s) URL' }).optional(),
  SEAFILE_USER: z.string().min(1).optional(),
  SEAFILE_PASSWORD: z.string().min(1).optional(),
  SEAFILE_TOKEN: z.string().min(1).optional(),
})

const settingsSchema = z.object({
  target: z.url({ protocol: /^https?$/, error: '--target must be an http(s) URL' }).optional(),
  user: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  token: z.string().min(1).optional(),
  scenario: z.enum(SCENARIOS, { error: `--scenario must be one of ${SCENARIOS.join(', ')}` }),
  durationSeconds: z
    .number({ error: '--duration must look like 30s, 2m or 500ms' })
    .positive('--duration must be positive')
    .max(DEFAULTS.maxDurationSeconds, '--duration is at most 1h'),
  connections: z.number().int('--connections must be a whole number').min(1).max(10_000),
  rate: z.number({ error: '--rate must look like 200/s' }).positive('--rate must be positive').optional(),
  fileSize: z
    .number({ error: '--size must look like 256KiB or 1MiB' })
    .int()
    .min(1, '--size must be ≥ 1 byte'),
  chunkSize: z.number({ error: '--chunk-size must look like 64KiB' }).int().min(1),
})

export const OPTIONS = {
  target: { type: 'string' },
  user: { type: 'string' },
  password: { type: 'string' },
  token: { type: 'string' },
  scenario: { type: 'string' },
  duration: { type: 'string' },
  connections: { type: 'string' },
  rate: { type: 'string' },
  threshold: { type: 'string', multiple: true },
  baseline: { type: 'string' },
  out: { type: 'string' },
  emit: { type: 'string' },
  size: { type: 'string' },
  'chunk-size': { type: 'string' },
  mix: { type: 'string' },
  compare: { type: 'string' },
  'compare-user': { type: 'string' },
  'compare-password': { type: 'string' },
  'compare-token': { type: 'string' },
  rounds: { type: 'string' },
} as const

export function parseLoadArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): LoadSettings {
  const { values: v } = parseOrThrow(argv)
  const e = envSchema.safeParse(env)
  if (!e.success) throw new UserError(e.error.issues[0]!.message)
  const rate = v.rate === undefined ? undefined : parseRate(v.rate)
  const raw = {
    target: v.target ?? e.data.SEAFILE_TARGET,
    user: v.user ?? e.data.SEAFILE_USER,
    password: v.password ?? e.data.SEAFILE_PASSWORD,
    token: v.token ?? e.data.SEAFILE_TOKEN,
    scenario: v.scenario ?? 'browse',
    durationSeconds: parseDuration(v.duration ?? DEFAULTS.duration),
    // Open model: enough connections that each sends a few requests a second.
    connections:
      v.connections !== undefined
        ? Number(v.connections)
        : rate !== undefined && Number.isFinite(rate)
          ? Math.max(1, Math.min(50, Math.ceil(rate / 10)))
          : DEFAULTS.connections,
    rate,
    fileSize: parseSize(v.size ?? DEFAULTS.size),
    chunkSize: parseSize(v['chunk-size'] ?? DEFAULTS.chunk),
  }
  const s = settingsSchema.safeParse(raw)
  if (!s.success) {
    const issue = s.error.issues[0]!
    throw new UserError(
      issue.message.startsWith('-') ? issue.message : `--${String(issue.path[0])}: ${issue.message}`,
    )
  }
  if (v.emit !== undefined && v.emit !== 'k6') throw new UserError('--emit knows only k6')
  const model: LoadModel =
    s.data.rate === undefined
      ? { kind: 'closed', connections: s.data.connections }
      : { kind: 'open', rate: s.data.rate, connections: s.data.connections }
  return {
    ...s.data,
    model,
    mix: v.mix === undefined ? DEFAULT_MIX : parseMix(v.mix),
    thresholds: (v.threshold ?? []).filter((t) => !isRatioThreshold(t)).map(parseThreshold),
    ratioThresholds: (v.threshold ?? []).filter(isRatioThreshold).map(parseRatioThreshold),
    ...(v.baseline !== undefined ? { baseline: v.baseline } : {}),
    out: v.out ?? DEFAULTS.out,
    ...(v.emit === 'k6' ? { emit: 'k6' as const } : {}),
    ...compareSettings(v, env),
  }
}

const compareEnvSchema = z.object({
  SEAFILE_COMPARE_TARGET: z
    .url({ protocol: /^https?$/, error: 'SEAFILE_COMPARE_TARGET must be an http(s) URL' })
    .optional(),
  SEAFILE_COMPARE_USER: z.string().min(1).optional(),
  SEAFILE_COMPARE_PASSWORD: z.string().min(1).optional(),
  SEAFILE_COMPARE_TOKEN: z.string().min(1).optional(),
})

/** `--compare URL` and its credentials (flags, then `SEAFILE_COMPARE_*`), and `--rounds`. */
function compareSettings(
  v: ReturnType<typeof parseOrThrow>['values'],
  env: NodeJS.ProcessEnv,
): Pick<LoadSettings, 'compare' | 'rounds'> {
  const e = compareEnvSchema.safeParse(env)
  if (!e.success) throw new UserError(e.error.issues[0]!.message)
  const rounds = v.rounds === undefined ? DEFAULTS.rounds : Number(v.rounds)
  if (!Number.isInteger(rounds) || rounds < 3 || rounds > 100)
    throw new UserError('--rounds must be a whole number from 3 to 100 (rounds per server)')
  const target = v.compare ?? e.data.SEAFILE_COMPARE_TARGET
  if (target === undefined) {
    if ((v.threshold ?? []).some(isRatioThreshold))
      throw new UserError('a ratio threshold (ratio.p95<1.5) needs --compare URL: the ratio is B/A')
    return { rounds }
  }
  if (!/^https?:\/\/[^/]/.test(target)) throw new UserError('--compare must be an http(s) URL')
  const pick = (flag: string | undefined, fromEnv: string | undefined) => flag ?? fromEnv
  const user = pick(v['compare-user'], e.data.SEAFILE_COMPARE_USER)
  const password = pick(v['compare-password'], e.data.SEAFILE_COMPARE_PASSWORD)
  const token = pick(v['compare-token'], e.data.SEAFILE_COMPARE_TOKEN)
  return {
    rounds,
    compare: {
      target,
      ...(user !== undefined ? { user } : {}),
      ...(password !== undefined ? { password } : {}),
      ...(token !== undefined ? { token } : {}),
    },
  }
}

function parseOrThrow(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: false, strict: true })
  } catch (err) {
    throw new UserError(`${(err as Error).message.split('\n')[0]!} (see seafile-conformance load --help)`)
  }
}

/** `30s`, `2m`, `1m30s`, `500ms`, `45` (seconds) → seconds; NaN when unreadable. */
export function parseDuration(text: string): number {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t)
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
  if (!parts.length || parts.map((p) => p[0]).join('') !== t) return Number.NaN
  const unit: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 }
  return parts.reduce((sum, p) => sum + Number(p[1]) * unit[p[2]!]!, 0)
}

/** `200/s`, `200`, `6000/m` → requests per second; NaN when unreadable. */
export function parseRate(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m))?$/.exec(text.trim())
  if (!m) return Number.NaN
  return Number(m[1]) / (m[2] === 'm' ? 60 : 1)
}

/** `browse=6,download=3,upload=1` (missing flows weigh 0). */
export function parseMix(text: string): Mix {
  const mix: Mix = { browse: 0, download: 0, upload: 0 }
  for (const item of text.split(',')) {
    const m = /^\s*(browse|download|upload)\s*=\s*(\d+)\s*$/.exec(item)
    if (!m) throw new UserError(`--mix: cannot read "${item}" (expected e.g. browse=6,download=3,upload=1)`)
    mix[m[1] as keyof Mix] = Number(m[2])
  }
  if (Object.values(mix).every((w) => w === 0)) throw new UserError('--mix: give at least one weight above 0')
  return mix
}
