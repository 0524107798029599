import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** The Debian Python: the `seafile` RPC module is installed for it only (a venv python3 lacks it). */
const SYSTEM_PYTHON = '/usr/bin/python3'

/** What one command printed, and how it ended. */
export interface RunResult {
  code: number
  stdout: string
  stderr: string
}

/**
 * Runs a command with a deadline and without proxies: libcurl in the daemon and urllib in seaf-cli both honour
 * `http_proxy`, and the mock is on loopback.
 */
export function run(file: string, args: string[], timeoutMs = 30_000): Promise<RunResult> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    no_proxy: '127.0.0.1,localhost',
    NO_PROXY: '127.0.0.1,localhost',
  }
  for (const key of ['http_proxy', 'https_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'all_proxy', 'ALL_PROXY'])
    delete env[key]
  return new Promise((resolve) => {
    execFile(file, args, { env, timeout: timeoutMs, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

/** Why the desktop-client tests cannot run here, or `undefined` when seaf-cli and its RPC module are usable. */
export async function seafCliMissing(): Promise<string | undefined> {
  const which = await run('sh', ['-c', 'command -v seaf-cli && command -v seaf-daemon'])
  if (which.code !== 0) return 'seaf-cli is not installed (run scripts/install-seafile-cli.sh)'
  const rpc = await run(SYSTEM_PYTHON, ['-c', 'import seafile'])
  if (rpc.code !== 0) return `${SYSTEM_PYTHON} cannot import the seafile RPC module (python3-seafile)`
  return undefined
}

/** Polls `probe` until it returns something other than `undefined`/`false`, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  { timeoutMs = 60_000, intervalMs = 250 } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let lastError: unknown
  for (;;) {
    try {
      const value = await probe()
      if (value !== undefined && value !== false) return value
    } catch (err) {
      lastError = err
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? `: ${lastError.message}` : ''
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`)
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

/** Credentials and server for the api2 calls seaf-cli makes itself. */
export interface Account {
  server: string
  user: string
  password: string
}

/**
 * One seaf-cli client with its own config dir, data dir and library parent under a fresh temp dir
 * (desktop-client-sync-protocol.md Part 4). `dispose()` stops the daemon and removes everything.
 */
export class SeafClient {
  private constructor(
    readonly root: string,
    readonly conf: string,
    readonly data: string,
    readonly libraries: string,
  ) {}

  /** `seaf-cli init` (CONF must not exist, DATA must) then `start`, waiting until the RPC socket answers. */
  static async start(): Promise<SeafClient> {
    const root = await mkdtemp(join(tmpdir(), 'seaf-cli-'))
    const client = new SeafClient(root, join(root, 'conf'), join(root, 'data'), join(root, 'libraries'))
    await mkdir(client.data)
    await mkdir(client.libraries)
    await client.cli('init', '-d', client.data)
    if (!existsSync(join(client.conf, 'seafile.ini')))
      throw new Error(`seaf-cli init wrote no ${client.conf}/seafile.ini`)
    await client.cli('start')
    await waitFor('the seaf-daemon RPC socket', async () => (await client.tryCli('status')).code === 0, {
      timeoutMs: 15_000,
    })
    return client
  }

  /** The daemon's RPC socket (`seafile-data/seafile.sock`). */
  get socket(): string {
    return join(this.data, 'seafile-data', 'seafile.sock')
  }

  /** Runs `seaf-cli <command> -c CONF …` and fails with its output on a non-zero exit. */
  async cli(command: string, ...args: string[]): Promise<string> {
    const result = await this.tryCli(command, ...args)
    if (result.code !== 0) {
      throw new Error(`seaf-cli ${command} exited ${result.code}\n${result.stdout}\n${result.stderr}`)
    }
    return result.stdout
  }

  tryCli(command: string, ...args: string[]): Promise<RunResult> {
    return run('seaf-cli', [command, '-c', this.conf, ...args])
  }

  /** `seaf-cli list-remote --json`: the server's libraries as seaf-cli sees them. */
  async listRemote({ server, user, password }: Account): Promise<{ id: string; name: string }[]> {
    const out = await this.cli('list-remote', '--json', '-s', server, '-u', user, '-p', password)
    return JSON.parse(out.trim().split('\n').at(-1) ?? '[]')
  }

  /** Queues a clone into `libraries/<repo name>`; it returns at once, progress shows in `status()`. */
  async download(repoId: string, { server, user, password }: Account): Promise<void> {
    await this.cli('download', '-l', repoId, '-s', server, '-d', this.libraries, '-u', user, '-p', password)
  }

  /** `seaf-cli status`: one `[name, state, detail]` row per clone task and synced library. */
  async status(): Promise<string[][]> {
    const out = await this.cli('status')
    return out
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => line.split('\t').map((cell) => cell.trim()))
  }

  /** The state seaf-cli shows for a library, e.g. `synchronized`, `downloading`, `error`. */
  async stateOf(name: string): Promise<string | undefined> {
    const row = (await this.status()).find((cells) => cells[0] === name)
    return row?.slice(1).join(' ')
  }

  /** Asks the daemon to sync now instead of waiting up to 30 s for its head-commits-multi poll. */
  async syncNow(repoId: string): Promise<void> {
    const code = 'import seafile,sys; seafile.RpcClient(sys.argv[1]).sync(sys.argv[2], "")'
    const result = await run(SYSTEM_PYTHON, ['-c', code, this.socket, repoId])
    if (result.code !== 0) throw new Error(`sync RPC failed: ${result.stderr}`)
  }

  async desync(worktree: string): Promise<string> {
    return this.cli('desync', '-d', worktree)
  }

  /** The tail of `CONF/logs/seafile.log`, for failure messages. */
  async log(lines = 80): Promise<string> {
    const text = await readFile(join(this.conf, 'logs', 'seafile.log'), 'utf8').catch(
      () => '(no seafile.log)',
    )
    return text.split('\n').slice(-lines).join('\n')
  }

  /** Stops the daemon (`seaf-cli stop`), waits until its socket no longer answers, removes the temp dir. */
  async dispose(): Promise<void> {
    await this.tryCli('stop')
    await waitFor('seaf-daemon to exit', async () => (await this.tryCli('status')).code !== 0, {
      timeoutMs: 10_000,
    }).catch(() => undefined)
    await rm(this.root, { recursive: true, force: true })
  }
}
