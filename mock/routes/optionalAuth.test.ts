/**
 * Views without a permission class take an optional token (query_zip_progress.py,
 * repo_file_uploaded_bytes.py, cancel_zip_task.py; seen on seahub 10.0 and 11.0): anyone may call them, a bad token is still 401.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type UploadFixture, uploadFixture } from '../upload/testing/uploadClient.ts'

let f: UploadFixture
beforeEach(async () => {
  f = await uploadFixture()
})
afterEach(async () => {
  await f.server.close()
})

describe('optional authentication', () => {
  it('file-uploaded-bytes answers without a token, refuses an unknown one', async () => {
    const path = `/api/v2.1/repos/${f.repoId}/file-uploaded-bytes/?parent_dir=/&file_name=x.bin`
    const anon = await f.server.request(path)
    expect(anon.status).toBe(200)
    expect(await anon.json()).toEqual({ uploadedBytes: 0 })
    const bad = await f.server.request(path, { headers: { Authorization: `Token ${'0'.repeat(40)}` } })
    expect(bad.status).toBe(401)
    // Another scheme is no token at all (TokenAuthentication returns None): anonymous.
    expect((await f.server.request(path, { headers: { Authorization: 'Basic eDp5' } })).status).toBe(200)
  })

  it('query-zip-progress answers without a token (the zip token is the credential)', async () => {
    const res = await f.server.request('/api/v2.1/query-zip-progress/')
    expect(res.status).toBe(400)
    expect(await res.json()).toEqual({ error_msg: 'token invalid.' })
  })

  it('cancel-zip-task answers without a token, refuses an unknown one', async () => {
    const form = { method: 'POST', body: new URLSearchParams({ token: 'x' }) }
    const anon = await f.server.request('/api/v2.1/cancel-zip-task/', form)
    expect(anon.status).toBe(200)
    expect(await anon.json()).toEqual({ success: true })
    const bad = await f.server.request('/api/v2.1/cancel-zip-task/', {
      ...form,
      headers: { Authorization: `Token ${'0'.repeat(40)}` },
    })
    expect(bad.status).toBe(401)
  })
})
