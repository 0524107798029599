import { describe, expect, test } from 'vitest'
import { resolveConfig } from './config.ts'
import { detectProfile, missingFeature, probeResumable, resolveFeatures } from './features.ts'

const config = (flags: Record<string, unknown> = {}) => resolveConfig({ flags }).config

describe('features', () => {
  test('detects the Pro edition from server-info', () => {
    expect(detectProfile({ features: ['seafile-basic', 'seafile-pro', 'file-search'] })).toBe('pro')
    expect(detectProfile({ features: ['seafile-basic'] })).toBe('community')
  })

  test('turns search on when the server advertises file-search', () => {
    const set = resolveFeatures(config(), { version: '11.0.0', features: ['seafile-basic', 'file-search'] })
    expect(set.profile).toBe('community')
    expect(set.enabled.search).toBe(true)
    expect(set.enabled.lock).toBe(false)
  })

  test('keeps admin off without an admin account', () => {
    expect(resolveFeatures(config({ profile: 'mock' }), {}).enabled.admin).toBe(false)
    expect(resolveFeatures(config({ profile: 'mock', 'admin-user': 'a@x' }), {}).enabled.admin).toBe(true)
  })

  test('lets an explicit switch win over profile and server-info', () => {
    const set = resolveFeatures(config({ profile: 'pro', 'feature-lock': 'off' }), {
      features: ['seafile-pro'],
    })
    expect(set.enabled.lock).toBe(false)
    expect(missingFeature(set, 'lock')).toMatch(
      /"lock" is off \(set in the configuration; set SEAFILE_FEATURE_LOCK=true/,
    )
    expect(missingFeature(set, 'thumbnails')).toBeUndefined()
  })

  test('resumable follows the file-uploaded-bytes probe, not the community profile', async () => {
    expect(resolveFeatures(config(), { features: ['seafile-basic'] }).enabled.resumable).toBe(false)
    const probed = resolveFeatures(config(), { features: ['seafile-basic'] }, { resumable: true })
    expect(probed.enabled.resumable).toBe(true)
    expect(probed.why.resumable).toMatch(/probed/)
    const forced = resolveFeatures(config({ 'feature-resumable': 'off' }), {}, { resumable: true })
    expect(forced.enabled.resumable).toBe(false)
  })

  test('probeResumable sees the route on the mock (no token needed)', async () => {
    const { createMockServer } = await import('../mock/index.ts')
    const server = await createMockServer()
    const running = await server.listen(0, '127.0.0.1')
    try {
      expect(await probeResumable(running.url)).toBe(true)
      expect(await probeResumable(`${running.url}/no-such-prefix`)).toBe(false)
    } finally {
      await running.close()
      await server.close?.()
    }
  })
})
