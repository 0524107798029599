/**
 * Decrypted-library state per (repo, user): server/passwd-mgr.c keeps the key for an hour
 * (`REAP_THRESHOLD 3600`) after `POST /api2/repos/<id>/` with the password. In memory, like the daemon.
 */
const TTL_MS = 3600 * 1000

export class RepoPasswords {
  readonly #until = new Map<string, number>()

  set(repoId: string, user: string): void {
    this.#until.set(`${repoId}\0${user}`, Date.now() + TTL_MS)
  }

  isSet(repoId: string, user: string): boolean {
    return (this.#until.get(`${repoId}\0${user}`) ?? 0) > Date.now()
  }

  unset(repoId: string, user: string): void {
    this.#until.delete(`${repoId}\0${user}`)
  }
}
