import { describe, expect, test } from 'vitest'
import { sharingWorld, statusAndBody } from '../sharing/testing/world.ts'

const BLOCK = '22596363b3de40b06f981fb85d82312e8c0ed511'

describe('api2 block download and history changes', () => {
  test('downloadblks → one-time block link → the block bytes; a block of another file is a bare 400', async () => {
    const { user, repoId } = await sharingWorld()
    const blocks = await user.json<{ file_id: string; blklist: string[] }>(
      'GET',
      `/api2/repos/${repoId}/file/?p=/docs/a.txt&op=downloadblks`,
    )
    expect(blocks.blklist).toEqual([BLOCK])
    const linkUrl = `/api2/repos/${repoId}/files/${blocks.file_id}/blks/${BLOCK}/download-link/`
    const link = await user.json<string>('GET', linkUrl)
    expect(link).toMatch(new RegExp(`/seafhttp/blks/[0-9a-f-]{36}/${BLOCK}$`))
    const first = await user.server.request(new URL(link).pathname)
    expect(first.status).toBe(200)
    expect(await first.text()).toBe('hello world\n')
    expect((await user.server.request(new URL(link).pathname)).status).toBe(403)
    const other = await user.json<string>(
      'GET',
      linkUrl.replace(`/blks/${BLOCK}/`, `/blks/${'1'.repeat(40)}/`),
    )
    const wrong = await user.server.request(new URL(other).pathname)
    expect([wrong.status, await wrong.text()]).toEqual([400, ''])
  })

  test('repo_history_changes lists what a commit changed; its errors are {"err": …}', async () => {
    const { user, repoId } = await sharingWorld()
    const { commits } = await user.json<{ commits: { id: string }[] }>(
      'GET',
      `/api2/repos/${repoId}/history/`,
    )
    const res = await user.call('GET', `/api2/repo_history_changes/${repoId}/?commit_id=${commits[0]!.id}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ added_files: ['docs/a.txt'] })
    expect(await statusAndBody(await user.call('GET', `/api2/repo_history_changes/${repoId}/`))).toEqual([
      400,
      { err: 'Invalid argument' },
    ])
  })
})
