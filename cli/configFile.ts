/**
 * `--config FILE` of `mock` and `load` (as of `test`): a YAML or JSON mapping whose keys are the command's
 * flags (`data-dir`, or `dataDir`), turned into arguments the command's own parser checks. One file may
 * serve every command: `mock` reads its `mock:` section (else the whole file), `load` reads the connection
 * keys `test` uses (target, user, password, token) and its `load:` section. Flags win over the file; the
 * caller drops what the environment sets, so the precedence is flags > environment > file > defaults.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { UserError } from './userError.ts'

export type Command = 'mock' | 'load'

/** The `--config FILE` argument, taken out of `argv`. */
export function takeConfigFlag(argv: string[]): { file?: string; rest: string[] } {
  const rest: string[] = []
  let file: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--config') {
      file = argv[++i]
      if (file === undefined) throw new UserError('--config needs a FILE')
    } else if (arg.startsWith('--config=')) file = arg.slice('--config='.length)
    else rest.push(arg)
  }
  return { file, rest }
}

/** The settings of `command` in `file`, by flag name. */
export function readConfigFile(file: string, command: Command): Record<string, unknown> {
  let doc: unknown
  try {
    doc = parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new UserError(`${command}: config file ${file}: ${(err as Error).message.split('\n')[0]}`)
  }
  if (doc === null || doc === undefined) return {}
  if (!isMapping(doc)) throw new UserError(`${command}: config file ${file} must hold a mapping`)
  const section = doc[command]
  if (section !== undefined && section !== null && !isMapping(section))
    throw new UserError(`${command}: config file ${file}: "${command}" must hold a mapping`)
  const pick =
    command === 'mock'
      ? (section ?? doc)
      : { ...pickKeys(doc, ['target', 'user', 'password', 'token', 'compare']), ...(section ?? {}) }
  return Object.fromEntries(Object.entries(pick).map(([k, v]) => [kebab(k), v]))
}

/**
 * Arguments for the settings of a file, leaving out those `argv` gives or `skip` says are set elsewhere
 * (the environment). `booleans` take `--name` / `--no-name`; an unknown key is a one-line error.
 */
export function configArgs(
  settings: Record<string, unknown>,
  { argv, known, booleans = new Set(), skip = () => false, file, command }: ConfigArgsOptions,
): string[] {
  const given = new Set(argv.filter((a) => a.startsWith('--')).map((a) => a.slice(2).split('=')[0]!))
  const args: string[] = []
  for (const [name, value] of Object.entries(settings)) {
    if (!known.has(name)) throw new UserError(`${command}: config file ${file}: unknown setting "${name}"`)
    if (value === null || given.has(name) || given.has(`no-${name}`) || skip(name)) continue
    if (booleans.has(name)) args.push(value === false || value === 'false' ? `--no-${name}` : `--${name}`)
    else for (const v of Array.isArray(value) ? value : [value]) args.push(`--${name}=${String(v)}`)
  }
  return args
}

interface ConfigArgsOptions {
  argv: string[]
  known: Set<string>
  booleans?: Set<string>
  skip?: (name: string) => boolean
  file: string
  command: Command
}

const isMapping = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)
const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)
const pickKeys = (o: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => k in o).map((k) => [k, o[k]]))
