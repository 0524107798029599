/**
 * The real Seafile desktop client (seaf-cli / seaf-daemon 8.0.10, Debian package seafile-cli) against the
 * mock on loopback: list-remote, a clone that must be byte-identical, a local change reaching the web API,
 * a web change reaching the worktree, desync. Each test has its own client (config, data and worktree under
 * a temp dir), stopped at the end; on failure the daemon's status and log are part of the message.
 *
 *   npx vitest run tests/desktop-client        (scripts/install-seafile-cli.sh installs seaf-cli)
 */
import { randomBytes } from 'node:crypto'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockServer, type MockServer } from '../../mock/index.ts'
import { commitChain } from '../../mock/model/commits.ts'
import { skipWithout } from '../systemPackage.ts'
import { type Account, SeafClient, seafCliMissing, waitFor } from './seafCli.ts'
import { WebApi } from './webApi.ts'
import { diffTrees, emptyTree, readTree, type Tree } from './worktree.ts'

const missing = await seafCliMissing()

const USER = { user: 'user@example.com', password: 'user' }
/** Clone and sync deadlines (desktop-client-sync-protocol.md Part 4: ≈1 s and 2–3 s in practice). */
const CLONE_MS = 180_000
const SYNC_MS = 180_000

describe.skipIf(skipWithout(missing))('seaf-cli against the mock', () => {
  let server: MockServer
  let close: () => Promise<void>
  let account: Account
  let web: WebApi

  beforeAll(async () => {
    server = await createMockServer({ log: () => {} })
    const listening = await server.listen(0, '127.0.0.1')
    close = listening.close
    account = { server: listening.url, ...USER }
    web = await WebApi.login(listening.url, USER.user, USER.password)
  })

  afterAll(async () => {
    await close?.()
    await server?.close()
  })

  /** Runs `body` with a fresh client; adds `seaf-cli status` and the daemon log to a failure. */
  async function withClient(body: (client: SeafClient) => Promise<void>): Promise<void> {
    const client = await SeafClient.start()
    try {
      await body(client)
    } catch (err) {
      const status = await client.tryCli('status')
      const detail = `\n--- seaf-cli status ---\n${status.stdout}${status.stderr}\n--- seafile.log ---\n${await client.log()}`
      if (err instanceof Error) err.message += detail
      throw err
    } finally {
      await client.dispose()
    }
  }

  /** A library seeded through the web API with `tree`; returns its id. */
  async function seed(name: string, tree: Tree): Promise<string> {
    const repoId = await web.createRepo(name)
    for (const dir of [...tree.dirs].sort()) await web.mkdir(repoId, dir)
    for (const [path, bytes] of tree.files) {
      const slash = path.lastIndexOf('/')
      await web.upload(repoId, path.slice(0, slash) || '/', path.slice(slash + 1), bytes)
    }
    return repoId
  }

  /** Clones `repoId` and waits until the daemon calls it synchronized; returns the worktree. */
  async function cloneAndWait(client: SeafClient, repoId: string, name: string): Promise<string> {
    await client.download(repoId, account)
    await waitFor(
      `"${name}" to be synchronized`,
      async () => (await client.stateOf(name)) === 'synchronized',
      {
        timeoutMs: CLONE_MS,
      },
    )
    return join(client.libraries, name)
  }

  it('lists the remote libraries', async () => {
    const name = `remote-${Date.now()}`
    const repoId = await web.createRepo(name)
    await withClient(async (client) => {
      expect(await client.listRemote(account)).toContainEqual({ id: repoId, name })
    })
  })

  it('downloads nested dirs, an empty file and a multi-block file byte-identical', {
    timeout: 180_000,
  }, async () => {
    const tree = emptyTree()
    for (const dir of ['/docs', '/docs/deep', '/empty-dir']) tree.dirs.add(dir)
    tree.files.set('/hello.txt', Buffer.from('hello world\n'))
    tree.files.set('/docs/empty.txt', Buffer.alloc(0))
    tree.files.set('/docs/deep/notes.md', Buffer.from('# notes\n\nnested two levels down\n'))
    // More than two 8 MiB blocks, and not a multiple of the block size.
    tree.files.set('/big.bin', randomBytes(20 * 1024 * 1024 + 12_345))
    const name = `clone-${Date.now()}`
    const repoId = await seed(name, tree)

    await withClient(async (client) => {
      const started = Date.now()
      const worktree = await cloneAndWait(client, repoId, name)
      expect(diffTrees(tree, await readTree(worktree))).toEqual([])
      console.info(`clone of ${name} (20 MiB) synchronized in ${Date.now() - started} ms`)
    })
  })

  it('uploads local changes (new files and dirs, a deletion) that the web API then shows', {
    timeout: 180_000,
  }, async () => {
    const name = `upload-${Date.now()}`
    const repoId = await seed(name, {
      files: new Map([['/seed.txt', Buffer.from('seed\n')]]),
      dirs: new Set(),
    })
    await withClient(async (client) => {
      const worktree = await cloneAndWait(client, repoId, name)
      const before = (await server.seaf.repos.get(repoId))!.headCommitId
      const local = randomBytes(9 * 1024 * 1024)
      await mkdir(join(worktree, 'from-client', 'inner'), { recursive: true })
      await writeFile(join(worktree, 'from-client', 'inner', 'local.bin'), local)
      await writeFile(join(worktree, 'note.txt'), 'written on the client\n')

      await waitFor(
        'the local files through the web API',
        async () => (await web.download(repoId, '/from-client/inner/local.bin'))?.equals(local),
        { timeoutMs: SYNC_MS, intervalMs: 500 },
      )
      expect((await web.download(repoId, '/note.txt'))?.toString()).toBe('written on the client\n')
      const names = (await web.list(repoId, '/'))?.map((e) => e.name).sort()
      expect(names).toEqual(['from-client', 'note.txt', 'seed.txt'])
      // The client's commits (its own device id as creator) descend from the head it cloned.
      const chain = []
      for await (const commit of commitChain(
        server.seaf.meta,
        (await server.seaf.repos.get(repoId))!.headCommitId,
      )) {
        chain.push(commit)
      }
      expect(chain.map((c) => c.commit_id)).toContain(before)
      expect(chain[0]!.creator).not.toBe('0'.repeat(40))

      await rm(join(worktree, 'seed.txt'))
      await waitFor(
        'the local deletion through the web API',
        async () => !(await web.list(repoId, '/'))?.some((e) => e.name === 'seed.txt'),
        { timeoutMs: SYNC_MS, intervalMs: 500 },
      )
    })
  })

  it('pulls a change made through the web API into the worktree', { timeout: 180_000 }, async () => {
    const name = `pull-${Date.now()}`
    const repoId = await seed(name, {
      files: new Map([['/seed.txt', Buffer.from('seed\n')]]),
      dirs: new Set(),
    })
    await withClient(async (client) => {
      const worktree = await cloneAndWait(client, repoId, name)
      const content = randomBytes(100_000)
      await web.mkdir(repoId, '/from-web')
      await web.upload(repoId, '/from-web', 'web.bin', content)
      // Instead of waiting up to 30 s for the daemon's head-commits-multi poll.
      await client.syncNow(repoId)
      await waitFor(
        'the web upload in the worktree',
        async () => (await readTree(worktree)).files.get('/from-web/web.bin')?.equals(content),
        { timeoutMs: SYNC_MS, intervalMs: 500 },
      )
    })
  })

  it('desyncs a library and leaves its worktree', { timeout: 120_000 }, async () => {
    const name = `desync-${Date.now()}`
    const repoId = await seed(name, {
      files: new Map([['/keep.txt', Buffer.from('keep\n')]]),
      dirs: new Set(),
    })
    await withClient(async (client) => {
      const worktree = await cloneAndWait(client, repoId, name)
      expect(await client.desync(worktree)).toContain(`Desynchronize ${name}`)
      await waitFor(
        'the library to leave seaf-cli status',
        async () => (await client.stateOf(name)) === undefined,
        {
          timeoutMs: 15_000,
        },
      )
      expect((await readTree(worktree)).files.get('/keep.txt')?.toString()).toBe('keep\n')
    })
  })
})
