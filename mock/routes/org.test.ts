import { describe, expect, test } from 'vitest'
import { sharingWorld, statusAndBody } from '../sharing/testing/world.ts'
import { login, startServer } from '../testing/harness.ts'

const org = {
  username: 'boss@example.com',
  password: 'boss',
  org_name: 'example',
  prefix: 'example',
  quota: '100',
}

describe('organizations', () => {
  test('a system admin adds an organization (201) whose owner can log in; its members cannot be shared to', async () => {
    const { admin, user, repoId } = await sharingWorld()
    const res = await admin.call('POST', '/api2/organization/', { form: { ...org, member_limit: '10' } })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      org_id: 1,
      org_name: 'example',
      org_url_prefix: 'example',
      creator_email: 'boss@example.com',
    })
    await login(admin.server, 'boss@example.com', 'boss')
    const batch = await user.call('POST', '/api/v2.1/repos/batch/', {
      form: { operation: 'share', share_type: 'user', username: 'boss@example.com', repo_id: repoId },
    })
    expect(await statusAndBody(batch)).toEqual([
      403,
      { error_msg: 'User boss@example.com is member of organization example.' },
    ])
    const taken = await admin.call('POST', '/api2/organization/', {
      form: { ...org, username: 'other@example.com' },
    })
    expect(await statusAndBody(taken)).toEqual([
      400,
      { error_msg: 'An organization with this prefix already exists' },
    ])
    const exists = await admin.call('POST', '/api2/organization/', { form: { ...org, prefix: 'other' } })
    expect(await statusAndBody(exists)).toEqual([400, { error_msg: 'A user with this email already exists' }])
  })

  test('others get DRF 403; missing or invalid fields 400; JSON bodies are not read (request.POST)', async () => {
    const { admin, user } = await sharingWorld()
    const denied = await user.call('POST', '/api2/organization/', { form: org })
    expect(await statusAndBody(denied)).toEqual([
      403,
      { detail: 'You do not have permission to perform this action.' },
    ])
    const missing = await admin.call('POST', '/api2/organization/', { form: { ...org, quota: '' } })
    expect(await statusAndBody(missing)).toEqual([400, { error_msg: 'Missing argument' }])
    const json = await admin.call('POST', '/api2/organization/', { json: org })
    expect(await statusAndBody(json)).toEqual([400, { error_msg: 'Missing argument' }])
    const quota = await admin.call('POST', '/api2/organization/', { form: { ...org, quota: 'lots' } })
    expect(await statusAndBody(quota)).toEqual([400, { error_msg: 'Quota is not valid' }])
    const email = await admin.call('POST', '/api2/organization/', { form: { ...org, username: 'boss' } })
    expect(await statusAndBody(email)).toEqual([400, { error_msg: 'Email is not valid' }])
  })

  test('without multi-tenancy the view answers 403 Feature is not enabled.', async () => {
    const server = await startServer({ multiTenancy: false })
    const admin = await login(server, 'admin@example.com', 'admin')
    const res = await admin.call('POST', '/api2/organization/', { form: org })
    expect(await statusAndBody(res)).toEqual([403, { error_msg: 'Feature is not enabled.' }])
  })
})
