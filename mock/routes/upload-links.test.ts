import { afterEach, describe, expect, it } from 'vitest'
import { login } from '../testing/harness.ts'
import { form, local, type UploadFixture, uploadFixture } from '../upload/testing/uploadClient.ts'

let f: UploadFixture
afterEach(async () => {
  await f?.server.close()
})

const TOKEN_URL = (op: string) =>
  new RegExp(`^http://localhost/seafhttp/${op}/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

async function get(path: string, client = f.client) {
  const res = await client.call('GET', path)
  return { status: res.status, body: (await res.json()) as unknown, headers: res.headers }
}

describe('upload links', () => {
  it.each([
    ['upload-link', 'upload-api'],
    ['update-link', 'update-api'],
    ['upload-blks-link', 'upload-blks-api'],
    ['update-blks-link', 'update-blks-api'],
  ])('GET %s answers an absolute %s URL as a JSON string', async (kind, op) => {
    f = await uploadFixture()
    const res = await f.client.call('GET', `/api2/repos/${f.repoId}/${kind}/?p=/`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/json')
    expect(await res.json()).toMatch(TOKEN_URL(op))
  })

  it('gives upload-aj / update-aj URLs with from=web, and refuses another from', async () => {
    f = await uploadFixture()
    expect((await get(`/api2/repos/${f.repoId}/upload-link/?p=/&from=web`)).body).toMatch(
      TOKEN_URL('upload-aj'),
    )
    expect((await get(`/api2/repos/${f.repoId}/update-link/?from=web`)).body).toMatch(TOKEN_URL('update-aj'))
    expect(await get(`/api2/repos/${f.repoId}/upload-link/?p=/&from=app`)).toMatchObject({
      status: 400,
      body: { error_msg: 'from invalid.' },
    })
  })

  it('appends ?replace=1 when asked, and ignores a replace that is not a boolean', async () => {
    f = await uploadFixture()
    expect((await get(`/api2/repos/${f.repoId}/upload-link/?p=/&replace=true`)).body).toMatch(/\?replace=1$/)
    expect((await get(`/api2/repos/${f.repoId}/upload-link/?p=/&replace=maybe`)).body).toMatch(
      TOKEN_URL('upload-api'),
    )
  })

  it('uses the public URL when one is configured', async () => {
    f = await uploadFixture({ publicUrl: 'https://cloud.example.com/' })
    expect((await get(`/api2/repos/${f.repoId}/upload-link/`)).body).toMatch(
      /^https:\/\/cloud\.example\.com\/seafhttp\/upload-api\/[0-9a-f-]{36}$/,
    )
  })

  it('refuses an empty p, a missing folder and a missing library', async () => {
    f = await uploadFixture()
    expect(await get(`/api2/repos/${f.repoId}/upload-link/?p=`)).toMatchObject({
      status: 400,
      body: { error_msg: 'p invalid.' },
    })
    expect(await get(`/api2/repos/${f.repoId}/upload-link/?p=/nope`)).toMatchObject({
      status: 404,
      body: { error_msg: 'Folder /nope not found.' },
    })
    const missing = '11111111-2222-3333-4444-555555555555'
    expect(await get(`/api2/repos/${missing}/update-link/?p=/`)).toMatchObject({
      status: 404,
      body: { error_msg: `Library ${missing} not found.` },
    })
  })

  it('refuses a user without write permission with 403', async () => {
    f = await uploadFixture()
    const other = await login(f.server, 'user2@example.com', 'user2')
    expect(await get(`/api2/repos/${f.repoId}/upload-link/?p=/`, other)).toMatchObject({
      status: 403,
      body: { error_msg: 'You do not have permission to access this folder.' },
    })
    // A read-only share is not enough either.
    f.server.seaf.permissionResolvers.push(async (user) => (user === 'user2@example.com' ? 'r' : undefined))
    expect((await get(`/api2/repos/${f.repoId}/upload-blks-link/?p=/`, other)).status).toBe(403)
  })

  it('answers 443 once the owner is over quota', async () => {
    f = await uploadFixture({ userQuota: 10 })
    const url = (await get(`/api2/repos/${f.repoId}/upload-link/?p=/`)).body as string
    // Without Content-Length the file server cannot check the quota first (as the real one).
    await f.server.request(local(url), {
      method: 'POST',
      body: form({ parent_dir: '/' }, [{ name: 'a', data: 'x'.repeat(20) }]),
    })
    expect(await get(`/api2/repos/${f.repoId}/upload-link/?p=/`)).toMatchObject({
      status: 443,
      body: { error_msg: 'Out of quota.' },
    })
  })

  it('needs authentication', async () => {
    f = await uploadFixture()
    const anonymous = await f.server.request(`/api2/repos/${f.repoId}/upload-link/`)
    expect([anonymous.status, await anonymous.json()]).toEqual([
      403,
      { detail: 'Authentication credentials were not provided.' },
    ])
  })

  it('answers the blocks POST with python-style JSON and the missing ids', async () => {
    f = await uploadFixture()
    const res = await f.client.call('POST', `/api2/repos/${f.repoId}/upload-blks-link/?p=/`, {
      form: { blklist: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
    })
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8')
    const text = await res.text()
    expect(text).toMatch(
      /^\{"rawblksurl": "http:\/\/localhost\/seafhttp\/upload-raw-blks-api\/[0-9a-f-]{36}", "commiturl": /,
    )
    expect(JSON.parse(text).blklist).toEqual(['a'.repeat(40), 'b'.repeat(40)])
  })
})
