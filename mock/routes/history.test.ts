import { describe, expect, test } from 'vitest'
import { putFile, withRepo } from '../testing/harness.ts'

interface Detail {
  commit_info: { description: string; creator_email: string }
  commit_diffs: { op_type: string; path: string; new_path: string }[]
}

describe('history, commit details and trash come from the commit chain', () => {
  test('a new library has one commit; a file create and a mkdir make three', async () => {
    const { client, base } = await withRepo()
    expect(((await client.json('GET', `${base}/history/`)) as { commits: unknown[] }).commits).toHaveLength(1)
    await client.call('POST', `${base}/file/?p=/a.txt`, { form: { operation: 'create' } })
    await client.call('POST', `${base}/dir/?p=/d`, { form: { operation: 'mkdir' } })
    const { commits } = (await client.json('GET', `${base}/history/`)) as { commits: { desc: string }[] }
    expect(commits.map((c) => c.desc)).toEqual(['Added directory "d"', 'Added "a.txt"', 'Created library'])
    const page = (await client.json('GET', `${base}/history/?page=2&per_page=2`)) as {
      commits: unknown[]
      page_next: boolean
    }
    expect([page.commits.length, page.page_next]).toEqual([1, false])
  })

  test('commit details list what each commit changed, renames and moves paired', async () => {
    const { client, repoId, server, base } = await withRepo()
    const v21 = `/api/v2.1/repos/${repoId}`
    const headDiff = async () => {
      const { commits } = (await client.json('GET', `${base}/history/`)) as { commits: { id: string }[] }
      return (await client.json('GET', `${v21}/commits/${commits[0]!.id}/`)) as Detail
    }
    await putFile(server, repoId, '/a.txt', 'one')
    expect((await headDiff()).commit_diffs).toEqual([{ op_type: 'new', path: '/a.txt', new_path: '' }])
    await putFile(server, repoId, '/a.txt', 'two')
    expect((await headDiff()).commit_diffs).toEqual([{ op_type: 'modified', path: '/a.txt', new_path: '' }])
    await client.call('POST', `${base}/file/?p=/a.txt`, { form: { operation: 'rename', newname: 'b.txt' } })
    const renamed = await headDiff()
    expect(renamed.commit_diffs).toEqual([{ op_type: 'renamed', path: '/a.txt', new_path: '/b.txt' }])
    expect(renamed.commit_info).toMatchObject({
      description: 'Renamed "a.txt"',
      creator_email: 'user@example.com',
    })
    await client.call('POST', `${base}/dir/?p=/d`, { form: { operation: 'mkdir' } })
    expect((await headDiff()).commit_diffs).toEqual([{ op_type: 'newdir', path: '/d', new_path: '' }])
    await client.call('POST', `${base}/file/?p=/b.txt`, {
      form: { operation: 'move', dst_repo: repoId, dst_dir: '/d' },
    })
    expect((await headDiff()).commit_diffs).toEqual([
      { op_type: 'move', path: '/b.txt', new_path: '/d/b.txt' },
    ])
    await client.call('DELETE', `${base}/dir/?p=/d`)
    expect((await headDiff()).commit_diffs).toEqual([{ op_type: 'deldir', path: '/d', new_path: '' }])
    const missing = await client.call('GET', `${v21}/commits/${'f'.repeat(40)}/`)
    expect([missing.status, await missing.json()]).toEqual([
      404,
      { error_msg: `Commit ${'f'.repeat(40)} not found.` },
    ])
  })

  test('trash lists removals newest first, pages by scan_stat, and is emptied by DELETE', async () => {
    const { client, repoId, server, base } = await withRepo()
    for (const name of ['1.txt', '2.txt', '3.txt']) await putFile(server, repoId, `/${name}`, name)
    for (const name of ['1.txt', '2.txt', '3.txt']) await client.call('DELETE', `${base}/file/?p=/${name}`)
    const trashUrl = `/api/v2.1/repos/${repoId}/trash/`
    type Trash = {
      data: { obj_name: string; obj_id: string; commit_id: string; size: number }[]
      more: boolean
      scan_stat: string | null
    }
    const first = (await client.json('GET', `${trashUrl}?per_page=2`)) as Trash
    expect([first.data.map((d) => d.obj_name), first.more]).toEqual([['3.txt', '2.txt'], true])
    const rest = (await client.json('GET', `${trashUrl}?per_page=2&scan_stat=${first.scan_stat}`)) as Trash
    expect(rest.data.map((d) => d.obj_name)).toEqual(['1.txt'])
    expect(first.data[0]!.size).toBe(5)
    // The entry's commit still has the file: revert restores it from there.
    const entry = first.data[0]!
    await client.call('PUT', `${base}/file/revert/`, { form: { p: '/3.txt', commit_id: entry.commit_id } })
    const restored = (await client.json('GET', `${base}/dir/`)) as { name: string; id: string }[]
    expect(restored.map((e) => [e.name, e.id])).toEqual([['3.txt', entry.obj_id]])
    expect(await client.json('DELETE', trashUrl)).toEqual({ success: true })
    expect(((await client.json('GET', trashUrl)) as Trash).data).toEqual([])
  })

  test('an encrypted library answers 440 to listings and download links until its password is set', async () => {
    const { client, server } = await withRepo()
    const { repo_id } = await client.json<{ repo_id: string }>('POST', '/api2/repos/', {
      form: { name: 'e', passwd: 'pw' },
    })
    const other = await (await import('../testing/harness.ts')).login(server)
    // The creator's password is set at creation; forget it as after an hour.
    server.seaf.passwords.unset(repo_id, 'user@example.com')
    const listing = await other.call('GET', `/api2/repos/${repo_id}/dir/`)
    expect([listing.status, await listing.json()]).toEqual([
      440,
      { error_msg: 'Library password is needed.' },
    ])
    await other.call('POST', `/api2/repos/${repo_id}/`, { form: { password: 'pw' } })
    expect((await other.call('GET', `/api2/repos/${repo_id}/dir/`)).status).toBe(200)
  })
})
