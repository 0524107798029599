/**
 * Driving Debian's rclone (its `seafile` backend) against a Seafile server: remotes come from
 * RCLONE_CONFIG_<NAME>_* environment variables, never from a config file, and every run is logged so a
 * failing step shows what rclone said.
 */
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type RunResult, run } from '../desktop-client/seafCli.ts'

/** rclone's own retries and a loaded machine: a whole `sync` of a few files stays well under this. */
const RUN_MS = 180_000

/** Why rclone cannot run here, or undefined. */
export async function rcloneMissing(): Promise<string | undefined> {
  const which = await run('sh', ['-c', 'command -v rclone'])
  if (which.code !== 0)
    return 'rclone is not installed (apt-get install rclone; scripts/install-test-deps.sh)'
  return undefined
}

export interface Remote {
  /** RCLONE_CONFIG_<NAME>_…: upper-case letters only. */
  name: string
  library?: string
  /** The encrypted library's password (obscured before it goes into the environment). */
  libraryKey?: string
  createLibrary?: boolean
}

export class Rclone {
  readonly #env: Record<string, string>
  readonly #config: string

  private constructor(env: Record<string, string>, config: string) {
    this.#env = env
    this.#config = config
  }

  /** Remotes of type seafile for `url`, logged in as `user`, with an empty config file under `dir`. */
  static async create(url: string, user: string, password: string, remotes: Remote[], dir: string) {
    const config = join(dir, 'rclone.conf')
    await writeFile(config, '')
    const obscure = async (secret: string) => {
      const out = await run('rclone', ['obscure', secret])
      if (out.code !== 0) throw new Error(`rclone obscure failed: ${out.stderr}`)
      return out.stdout.trim()
    }
    const env: Record<string, string> = {}
    for (const r of remotes) {
      const prefix = `RCLONE_CONFIG_${r.name}_`
      env[`${prefix}TYPE`] = 'seafile'
      env[`${prefix}URL`] = url
      env[`${prefix}USER`] = user
      env[`${prefix}PASS`] = await obscure(password)
      if (r.library) env[`${prefix}LIBRARY`] = r.library
      if (r.libraryKey) env[`${prefix}LIBRARY_KEY`] = await obscure(r.libraryKey)
      if (r.createLibrary) env[`${prefix}CREATE_LIBRARY`] = 'true'
    }
    return new Rclone(env, config)
  }

  /** Runs `rclone args…` (with -v, so server-side copies and moves are reported on stderr). */
  async run(...args: string[]): Promise<RunResult> {
    const saved: Record<string, string | undefined> = {}
    for (const [k, v] of Object.entries(this.#env)) {
      saved[k] = process.env[k]
      process.env[k] = v
    }
    try {
      return await run('rclone', ['--config', this.#config, '-v', '--retries', '1', ...args], RUN_MS)
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
      }
    }
  }

  /** Like {@link run}, but a non-zero exit throws with what rclone printed. */
  async ok(...args: string[]): Promise<RunResult> {
    const out = await this.run(...args)
    if (out.code !== 0)
      throw new Error(`rclone ${args.join(' ')} exited ${out.code}:\n${out.stderr}${out.stdout}`)
    return out
  }
}
