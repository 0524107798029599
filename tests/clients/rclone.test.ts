/**
 * rclone's seafile backend (Debian's rclone) against the mock on loopback, as a user runs it: a
 * whole-account remote, a library-bound one and an encrypted library with `library_key`; listing, copy up
 * and down, `check --download` and `sync` with byte-identical results, server-side copy, move and rename of
 * files and folders, deletes, `cleanup`, and `link`. The mock says 11.0.12 in server-info, so rclone lists
 * with `GET /api/v2.1/repos/{id}/dir/` and copies, moves and renames files with `POST …/file/`.
 *
 *   npx vitest run tests/clients/rclone.test.ts     (apt-get install rclone; CI=true fails if it is missing)
 *   RCLONE_TEST_TARGET=https://seafile.example.com RCLONE_TEST_USER=… RCLONE_TEST_PASSWORD=… npx vitest run …
 *     runs the same steps against a real server (libraries named rclone-*-<random>, deleted at the end).
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createMockServer, type MockServer } from '../../mock/index.ts'
import { diffTrees, readTree } from '../desktop-client/worktree.ts'
import { skipWithout } from '../systemPackage.ts'
import { Rclone, rcloneMissing } from './rclone.ts'

const missing = await rcloneMissing()

const TARGET = process.env.RCLONE_TEST_TARGET
const USER = TARGET
  ? { user: process.env.RCLONE_TEST_USER ?? '', password: process.env.RCLONE_TEST_PASSWORD ?? '' }
  : { user: 'user@example.com', password: 'user' }
/** Library names of this run: unique on a shared real server. */
const RUN = TARGET ? `-${randomBytes(4).toString('hex')}` : ''
const LIB = `rclone-lib${RUN}`
const OTHER = `rclone-other${RUN}`
const ENC = `rclone-enc${RUN}`
const ENC_KEY = 'secret passphrase'

/** Files of the local tree: small, empty, a few blocks' worth, and names seahub quotes. */
const FILES: Record<string, Buffer> = {
  '/a.txt': Buffer.from('alpha\n'),
  '/empty.bin': Buffer.alloc(0),
  '/dir/b.txt': Buffer.from('bravo\n'),
  '/dir/sub/c (1).txt': Buffer.from('charlie with a space and brackets\n'),
  '/dir/sub/big.bin': randomBytes(3 * 1024 * 1024 + 17),
  '/ünï code.txt': Buffer.from('unicode name\n'),
}

async function writeTree(root: string, files: Record<string, Buffer>) {
  for (const [path, bytes] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), bytes)
  }
}

// A step is a few rclone runs: generous, so a loaded machine slows it down without failing it.
describe.skipIf(skipWithout(missing))(
  `rclone (seafile backend) against ${TARGET ?? 'the mock'}`,
  { timeout: 600_000 },
  () => {
    let server: MockServer | undefined
    let close: (() => Promise<void>) | undefined
    let tmp: string
    let rc: Rclone

    beforeAll(async () => {
      let url = TARGET?.replace(/\/+$/, '')
      if (!url) {
        server = await createMockServer({ log: () => {} })
        const listening = await server.listen(0, '127.0.0.1')
        close = listening.close
        url = listening.url
      }
      tmp = await mkdtemp(join(tmpdir(), 'rclone-'))
      rc = await Rclone.create(
        url,
        USER.user,
        USER.password,
        [
          { name: 'ALL', createLibrary: true },
          { name: 'LIB', library: LIB, createLibrary: true },
          { name: 'ENC', library: ENC, libraryKey: ENC_KEY, createLibrary: true },
        ],
        tmp,
      )
      await writeTree(join(tmp, 'up'), FILES)
    })

    afterAll(async () => {
      if (TARGET && rc) for (const lib of [LIB, OTHER, ENC]) await rc.run('purge', `ALL:${lib}`)
      await close?.()
      await server?.close()
      if (tmp) await rm(tmp, { recursive: true, force: true })
    })

    const local = (name: string) => join(tmp, name)
    const lines = (text: string) => text.split('\n').filter(Boolean).sort()

    it('creates libraries (mkdir on the account) and lists them (lsd)', async () => {
      await rc.ok('mkdir', `ALL:${LIB}`)
      await rc.ok('mkdir', `ALL:${OTHER}`)
      const lsd = await rc.ok('lsd', 'ALL:')
      expect(lsd.stdout).toContain(LIB)
      expect(lsd.stdout).toContain(OTHER)
    })

    it('copies a tree up and lists it with sizes (copy, lsf -R, size)', async () => {
      await rc.ok('copy', local('up'), 'LIB:')
      const listed = await rc.ok('lsf', '-R', '--format', 'ps', '--files-only', '--dump', 'headers', 'LIB:')
      // Server-info says 11.0.12, so rclone lists with the v2.1 folder view (api2 only for 6.x servers).
      expect(listed.stderr).toMatch(/GET \/api\/v2\.1\/repos\/[-0-9a-f]{36}\/dir\/\?/)
      const expected = Object.entries(FILES).map(([p, b]) => `${p.slice(1)};${b.length}`)
      expect(lines(listed.stdout)).toEqual(expected.sort())
      const size = await rc.ok('size', '--json', 'LIB:')
      const total = Object.values(FILES).reduce((n, b) => n + b.length, 0)
      expect(JSON.parse(size.stdout)).toMatchObject({ count: Object.keys(FILES).length, bytes: total })
    })

    it('checks the remote byte for byte (check --download) and copies it down identical', async () => {
      await rc.ok('check', '--download', local('up'), 'LIB:')
      await rc.ok('copy', 'LIB:', local('down'))
      expect(diffTrees(await readTree(local('up')), await readTree(local('down')))).toEqual([])
      const cat = await rc.ok('cat', 'LIB:dir/b.txt')
      expect(cat.stdout).toBe('bravo\n')
    })

    it('syncs changes (added, modified, deleted files) to a byte-identical remote', async () => {
      await writeFile(local('up/new.txt'), 'new file\n')
      await writeFile(local('up/a.txt'), 'alpha, modified and longer\n')
      await unlink(local('up/empty.bin'))
      await rc.ok('sync', local('up'), 'LIB:')
      await rc.ok('check', '--download', local('up'), 'LIB:')
      await rc.ok('sync', 'LIB:', local('down'))
      expect(diffTrees(await readTree(local('up')), await readTree(local('down')))).toEqual([])
    })

    it('copies a file server-side, in the library and to another one (copyto)', async () => {
      const same = await rc.ok('copyto', 'LIB:a.txt', 'LIB:dir/a-copy.txt')
      expect(same.stderr).toMatch(/server-side copy/i)
      const other = await rc.ok('copyto', `ALL:${LIB}/dir/b.txt`, `ALL:${OTHER}/b-copy.txt`)
      expect(other.stderr).toMatch(/server-side copy/i)
      expect((await rc.ok('cat', 'LIB:dir/a-copy.txt')).stdout).toBe('alpha, modified and longer\n')
      expect((await rc.ok('cat', `ALL:${OTHER}/b-copy.txt`)).stdout).toBe('bravo\n')
    })

    it('renames and moves a file server-side (moveto)', async () => {
      const renamed = await rc.ok('moveto', 'LIB:new.txt', 'LIB:renamed.txt')
      expect(renamed.stderr).toMatch(/server-side/i)
      const moved = await rc.ok('moveto', 'LIB:renamed.txt', 'LIB:dir/sub/moved.txt')
      expect(moved.stderr).toMatch(/server-side/i)
      const listed = lines((await rc.ok('lsf', '-R', '--files-only', 'LIB:')).stdout)
      expect(listed).toContain('dir/sub/moved.txt')
      expect(listed).not.toContain('new.txt')
      expect(listed).not.toContain('renamed.txt')
    })

    it('renames a folder in place (moveto of a directory)', async () => {
      await rc.ok('moveto', 'LIB:dir/sub', 'LIB:dir/sub-renamed')
      const listed = lines((await rc.ok('lsf', '-R', '--files-only', 'LIB:dir')).stdout)
      expect(listed).toContain('sub-renamed/big.bin')
      expect(listed.some((l) => l.startsWith('sub/'))).toBe(false)
    })

    it('moves a folder to another parent (moveto of a directory, sync-batch-move-item)', async () => {
      await rc.ok('mkdir', 'LIB:target')
      await rc.ok('moveto', 'LIB:dir/sub-renamed', 'LIB:target/sub')
      const listed = lines((await rc.ok('lsf', '-R', '--files-only', 'LIB:target')).stdout)
      expect(listed).toContain('sub/big.bin')
    })

    it('deletes files and folders (deletefile, purge, rmdir)', async () => {
      await rc.ok('deletefile', 'LIB:a.txt')
      await rc.ok('mkdir', 'LIB:empty-dir')
      await rc.ok('rmdir', 'LIB:empty-dir')
      await rc.ok('purge', 'LIB:dir')
      const listed = lines((await rc.ok('lsf', '-R', 'LIB:')).stdout)
      expect(listed).not.toContain('a.txt')
      expect(listed).not.toContain('empty-dir/')
      expect(listed.some((l) => l.startsWith('dir/'))).toBe(false)
    })

    it('empties the library trash (cleanup)', async () => {
      await rc.ok('cleanup', 'LIB:')
    })

    it('makes a share link (link)', async () => {
      const link = await rc.ok('link', 'LIB:ünï code.txt')
      expect(link.stdout.trim()).toMatch(/^https?:\/\/\S+/)
    })

    it('uses an encrypted library with library_key (mkdir, copy, check --download, copy down)', async () => {
      await rc.ok('mkdir', 'ENC:')
      const lsd = await rc.ok('lsjson', 'ALL:')
      const enc = (JSON.parse(lsd.stdout) as { Name: string; IsDir: boolean }[]).find((e) => e.Name === ENC)
      expect(enc).toBeDefined()
      await writeTree(local('enc-up'), { '/x.txt': Buffer.from('secret\n'), '/d/y.bin': randomBytes(70_000) })
      await rc.ok('copy', local('enc-up'), 'ENC:')
      await rc.ok('check', '--download', local('enc-up'), 'ENC:')
      await rc.ok('copy', 'ENC:', local('enc-down'))
      expect(diffTrees(await readTree(local('enc-up')), await readTree(local('enc-down')))).toEqual([])
    })

    it('deletes a library (purge of a library on the account)', async () => {
      await rc.ok('purge', `ALL:${OTHER}`)
      expect((await rc.ok('lsd', 'ALL:')).stdout).not.toContain(OTHER)
    })
  },
)
