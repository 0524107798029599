import { describe, expect, it } from 'vitest'
import { peerFrom } from './peer.ts'

describe('npm run bench --peer', () => {
  it('takes the peer and its credentials from flags, then SEAFILE_BENCH_PEER*', () => {
    expect(peerFrom([], {})).toBeUndefined()
    expect(
      peerFrom(['--peer', 'http://a.example', '--peer-user', 'u@example.com'], {
        SEAFILE_BENCH_PEER_PASSWORD: 'pw',
      }),
    ).toEqual({
      target: 'http://a.example',
      user: 'u@example.com',
      password: 'pw',
    })
    expect(peerFrom([], { SEAFILE_BENCH_PEER: 'http://b.example', SEAFILE_BENCH_PEER_TOKEN: 't' })).toEqual({
      target: 'http://b.example',
      token: 't',
    })
  })
})
