import { describe, expect, test } from 'vitest'
import { login, putFile, withRepo } from '../testing/harness.ts'

async function setup(permission = 'rw') {
  const ctx = await withRepo()
  const made = await ctx.client.json<{ api_token: string }>(
    'POST',
    `/api/v2.1/repos/${ctx.repoId}/repo-api-tokens/`,
    {
      form: { app_name: 'app', permission },
    },
  )
  const via = (method: string, url: string, body?: Record<string, string>) =>
    ctx.server.request(`/api/v2.1/via-repo-token/${url}`, {
      method,
      headers: { Authorization: `Token ${made.api_token}` },
      body: body ? new URLSearchParams(body) : undefined,
    })
  return { ...ctx, token: made.api_token, via }
}

describe('library API tokens', () => {
  test('the owner makes, lists, changes and deletes them; others may not', async () => {
    const { client, server, repoId, token } = await setup()
    expect(token).toMatch(/^[0-9a-f]{40}$/)
    const base = `/api/v2.1/repos/${repoId}/repo-api-tokens/`
    const dup = await client.call('POST', base, { form: { app_name: 'app' } })
    expect(await dup.json()).toEqual({ error_msg: 'app: app token already exists.' })
    const list = await client.json<{ repo_api_tokens: unknown[] }>('GET', base)
    expect(list.repo_api_tokens).toEqual([
      {
        repo_id: repoId,
        app_name: 'app',
        generated_by: 'user@example.com',
        permission: 'rw',
        api_token: token,
      },
    ])
    expect(await client.json('PUT', `${base}app/`, { form: { permission: 'r' } })).toMatchObject({
      permission: 'r',
    })
    const other = await login(server, 'user2@example.com', 'user2')
    expect((await other.call('GET', base)).status).toBe(403)
    expect(await client.json('DELETE', `${base}app/`)).toEqual({ success: true })
    expect((await client.call('DELETE', `${base}app/`)).status).toBe(404)
  })

  test('a token lists, makes, renames and deletes in its library', async () => {
    const { server, repoId, via } = await setup()
    await putFile(server, repoId, '/a.txt', 'hello')
    const info = await (await via('GET', 'repo-info/')).json()
    expect(info).toMatchObject({ repo_id: repoId, repo_name: 'lib', size: 5, file_count: 1 })
    const made = await (await via('POST', 'dir/?path=/docs', { operation: 'mkdir' })).json()
    expect(made).toMatchObject({ type: 'dir', parent_dir: '/', obj_name: 'docs' })
    const listing = (await (await via('GET', 'dir/?path=/')).json()) as {
      user_perm: string
      dirent_list: { name: string }[]
    }
    expect(listing.user_perm).toBe('rw')
    expect(listing.dirent_list.map((d) => d.name)).toEqual(['docs', 'a.txt'])
    const created = await (await via('POST', 'file/?path=/docs/n.md', { operation: 'create' })).json()
    expect(created).toMatchObject({ obj_name: 'n.md', size: 0, can_edit: true })
    const renamed = await (
      await via('POST', 'file/?path=/a.txt', { operation: 'rename', newname: 'b.txt' })
    ).json()
    expect(renamed).toMatchObject({ obj_name: 'b.txt', size: 5 })
    const link = (await (await via('GET', 'download-link/?path=/b.txt')).json()) as string
    const bytes = await server.request(new URL(link).pathname)
    expect(await bytes.text()).toBe('hello')
    expect(await (await via('GET', 'upload-link/?path=/docs')).json()).toMatch(
      /\/seafhttp\/upload-api\/[-0-9a-f]{36}$/,
    )
    expect(await (await via('DELETE', 'file/?path=/b.txt')).json()).toMatchObject({ success: true })
    expect(await (await via('DELETE', 'dir/?path=/docs')).json()).toMatchObject({ success: true })
    const after = (await (await via('GET', 'dir/?path=/&recursive=1')).json()) as { dirent_list: unknown[] }
    expect(after.dirent_list).toEqual([])
  })

  test('a read-only token lists but may not write; a bad token is 401', async () => {
    const { server, via } = await setup('r')
    expect((await via('GET', 'dir/')).status).toBe(200)
    expect((await via('POST', 'dir/?path=/x', { operation: 'mkdir' })).status).toBe(403)
    expect((await via('GET', 'upload-link/')).status).toBe(403)
    const bad = await server.request('/api/v2.1/via-repo-token/dir/', {
      headers: { Authorization: `Token ${'0'.repeat(40)}` },
    })
    expect(bad.status).toBe(401)
    expect(await bad.json()).toEqual({ detail: 'Token inactive or deleted' })
  })

  test('a token brings back a deleted file and folder from an earlier commit', async () => {
    const { client, repoId, via } = await setup()
    await via('POST', 'dir/?path=/d', { operation: 'mkdir' })
    await via('POST', 'file/?path=/f.md', { operation: 'create' })
    const before = await client.json<{ commits: { id: string }[] }>('GET', `/api2/repos/${repoId}/history/`)
    const commitId = before.commits[0]!.id
    await via('DELETE', 'dir/?path=/d')
    await via('DELETE', 'file/?path=/f.md')
    expect(
      await (await via('POST', 'file/?path=/f.md', { operation: 'revert', commit_id: commitId })).json(),
    ).toEqual({ success: true })
    expect(
      await (await via('POST', 'dir/?path=/d', { operation: 'revert', commit_id: commitId })).json(),
    ).toEqual({ success: true })
    const names = ((await (await via('GET', 'dir/')).json()) as { dirent_list: { name: string }[] })
      .dirent_list
    expect(names.map((d) => d.name)).toEqual(['d', 'f.md'])
    expect((await via('POST', 'file/?path=/f.md', { operation: 'revert' })).status).toBe(400)
    expect(
      (await via('POST', 'file/?path=/nope.md', { operation: 'revert', commit_id: commitId })).status,
    ).toBe(404)
  })
})
