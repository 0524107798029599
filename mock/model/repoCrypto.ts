/**
 * Server-side encrypted libraries, enc_version 2 (lib/crypt.c): key and iv from PBKDF2-SHA256 over
 * `repo_id + password` (1000 rounds, the fixed v2 salt); `magic` = hex of the key derived from it; the
 * random file key is encrypted with AES-256-CBC. The mock keeps block bytes in clear; this gives clients
 * the real magic/random_key so that password checks behave as on a real server.
 */
import { createCipheriv, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'

export const ENC_VERSION = 2
// crypt.c: `static unsigned char salt[8] = { 0xda, 0x90, 0x45, 0xc3, 0x06, 0xc7, 0xcc, 0x26 }`.
const V2_SALT = Buffer.from([0xda, 0x90, 0x45, 0xc3, 0x06, 0xc7, 0xcc, 0x26])

function deriveKey(input: string): { key: Buffer; iv: Buffer } {
  const key = pbkdf2Sync(input, V2_SALT, 1000, 32, 'sha256')
  const iv = pbkdf2Sync(key, V2_SALT, 10, 16, 'sha256')
  return { key, iv }
}

export interface RepoEncryption {
  encVersion: number
  magic: string
  randomKey: string
  salt: string
}

/** seafile_generate_magic + seafile_generate_random_key for a new library. */
export function encryptRepo(repoId: string, password: string): RepoEncryption {
  const { key, iv } = deriveKey(repoId + password)
  const cipher = createCipheriv('aes-256-cbc', key, iv)
  const randomKey = Buffer.concat([cipher.update(randomBytes(32)), cipher.final()])
  return {
    encVersion: ENC_VERSION,
    magic: key.toString('hex'),
    randomKey: randomKey.toString('hex'),
    salt: '',
  }
}

/** seafile_verify_repo_passwd: recompute the magic and compare. */
export function verifyRepoPassword(repoId: string, password: string, magic: string): boolean {
  const actual = Buffer.from(deriveKey(repoId + password).key.toString('hex'))
  const expected = Buffer.from(magic)
  return actual.length === expected.length && timingSafeEqual(actual, expected)
}
