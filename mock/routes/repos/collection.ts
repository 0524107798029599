/** The library collection: the list (Repos.get, cached per user and version) and creation (api2 and v2.1). */
import { ERRORS, fail, seahubError } from '../../errors.ts'
import type { MockContext } from '../../http/env.ts'
import { type Form, field, queryParam, readForm } from '../../http/form.ts'
import { asciiJson } from '../../http/json.ts'
import { drfBody, drfResponse } from '../../http/responses.ts'
import { isValidName } from '../../model/names.ts'
import { encryptRepo } from '../../model/repoCrypto.ts'
import { relativeTimeChangesAt } from '../../views/format.ts'
import { downloadInfo, repoListItem } from '../../views/repoJson.ts'
import type { RouteContext } from '../types.ts'

const LIST_HEADERS = { enable_encrypted_library: 'True' }

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

export function repoCollectionRoutes({ routes, seaf }: RouteContext): void {
  /** Repos.post / _create_repo / _create_enc_repo: the fields of either create form. */
  async function createRepo(c: MockContext, name: string | undefined, desc: string, form: Form) {
    const user = c.get('user').email
    if (!name) fail(seahubError(400, 'Library name is required.'))
    if (!isValidName(name)) fail(ERRORS.NAME_INVALID)
    const passwd = field(form, 'passwd')
    const clientId = field(form, 'repo_id')
    if (clientId !== undefined) {
      // Client-side encryption: the client picks the id and sends the key material.
      if (!UUID.test(clientId)) fail(seahubError(400, 'Repo id must be a valid uuid'))
      const magic = field(form, 'magic')
      const randomKey = field(form, 'random_key')
      if (!magic || !randomKey) fail(seahubError(400, 'You must provide magic, random_key and enc_version.'))
      if (await seaf.meta.get('repos', clientId)) fail(seahubError(520, 'Failed to create library.'))
      const encVersion = Number(field(form, 'enc_version') ?? 2) || 2
      const salt = field(form, 'salt') ?? ''
      return seaf.repos.create({
        id: clientId.toLowerCase(),
        name,
        desc,
        owner: user,
        encryption: () => ({ encVersion, magic, randomKey, salt }),
      })
    }
    const repo = await seaf.repos.create({
      name,
      desc,
      owner: user,
      encryption: passwd ? (id) => encryptRepo(id, passwd) : undefined,
    })
    // seafile_api.create_repo with a password also sets it for the creator.
    if (passwd) seaf.passwords.set(repo.id, user)
    return repo
  }

  /**
   * Bodies of `GET /api2/repos/` by user and query, valid while the MetaStore is unchanged (everything the
   * list shows is in it, or content-addressed under it) and until the first `mtime_relative` would read
   * differently.
   */
  const listBodies = new Map<string, { version: number; until: number; body: Buffer<ArrayBuffer> }>()

  async function repoList(c: MockContext, user: string): Promise<Record<string, unknown>[]> {
    const types = new Set((queryParam(c, 'type') ?? 'mine,shared,group,org').split(',').filter(Boolean))
    const needle = queryParam(c, 'nameContains')?.toLowerCase()
    let items: Record<string, unknown>[] = []
    if (types.has('mine')) {
      // Repos.get: "do not return virtual repos" (sub-libraries are listed with their shares).
      const own = (await seaf.repos.list()).filter((r) => r.owner === user && !r.virtual)
      items = await Promise.all(own.map((r) => repoListItem(seaf, r, 'rw')))
      items.sort((a, b) => (b.mtime as number) - (a.mtime as number))
    }
    for (const provide of seaf.repoListProviders) items.push(...(await provide(user, types)))
    if (needle) items = items.filter((r) => String(r.name).toLowerCase().includes(needle))
    return items
  }

  routes.get('/api2/repos/', async (c) => {
    const user = c.get('user').email
    const key = `${user}\0${queryParam(c, 'type') ?? ''}\0${queryParam(c, 'nameContains') ?? ''}`
    const version = seaf.meta.version
    const now = Date.now()
    const cached = listBodies.get(key)
    if (cached && version !== undefined && cached.version === version && now < cached.until)
      return drfBody(cached.body, 200, LIST_HEADERS)
    const items = await repoList(c, user)
    // ASCII JSON: kept as bytes, not encoded again for every answer.
    const body = Buffer.from(asciiJson(items), 'latin1')
    if (version !== undefined) {
      let until = now + 60_000
      for (const item of items)
        if (typeof item.mtime === 'number') until = Math.min(until, relativeTimeChangesAt(item.mtime, now))
      if (listBodies.size >= 256) listBodies.clear()
      listBodies.set(key, { version, until, body })
    }
    return drfBody(body, 200, LIST_HEADERS)
  })

  routes.post(
    '/api2/repos/',
    async (c) => {
      const form = await readForm(c)
      const repo = await createRepo(c, field(form, 'name'), field(form, 'desc') ?? 'new repo', form)
      const user = c.get('user').email
      const token = queryParam(c, 'from') === 'web' ? '' : await seaf.syncTokens.issue(repo.id, user)
      return drfResponse(await downloadInfo(seaf, repo, user, 'rw', token, seaf.linkBase(c.req.url)))
    },
    { selfChecked: ['name', 'desc', 'passwd', 'repo_id', 'magic', 'random_key', 'enc_version', 'salt'] },
  )

  // endpoints/repos.py::ReposView.post (v2.1): `repo_name`, optional `passwd`.
  routes.post(
    '/api/v2.1/repos/',
    async (c) => {
      const form = await readForm(c)
      const name = field(form, 'repo_name')
      if (!name) fail(seahubError(400, 'repo_name invalid.'))
      const repo = await createRepo(c, name, field(form, 'desc') ?? '', {
        passwd: field(form, 'passwd') ?? '',
      })
      const size = (await seaf.fs.stats((await seaf.repos.head(repo)).root_id)).size
      const head = await seaf.repos.head(repo)
      return drfResponse({
        repo_id: repo.id,
        repo_name: repo.name,
        repo_size: size,
        encrypted: repo.encryption !== undefined,
        mtime: head.ctime,
        email: repo.owner,
        owner_email: repo.owner,
        permission: 'rw',
      })
    },
    { selfChecked: ['repo_name', 'passwd'] },
  )
}
