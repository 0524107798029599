/**
 * Background copy/move tasks between libraries (seafile-server server/copy-mgr.c): a task has a UUID, the
 * number of files to copy (`total`), how many are `done`, and ends `successful`, `failed` or `canceled`.
 * The table lives in memory and keeps finished tasks (copy-mgr.c never removes them), so a poller always
 * finds its task. The mock runs a task's work before it hands out the id, so the first poll already sees
 * it finished: progress is observable and deterministic, never a race against a timer.
 */
import { randomUUID } from 'node:crypto'

export interface CopyTask {
  done: number
  total: number
  canceled: boolean
  failed: boolean
  successful: boolean
}

export class CopyTasks {
  readonly #tasks = new Map<string, CopyTask>()

  /** Registers a task of `total` files and runs `work`; the task ends successful or failed. */
  async run(total: number, work: () => Promise<void>): Promise<string> {
    const id = randomUUID()
    const task: CopyTask = { done: 0, total, canceled: false, failed: false, successful: false }
    this.#tasks.set(id, task)
    try {
      await work()
      task.done = total
      task.successful = true
    } catch {
      // copy-mgr.c: cross_repo_copy sets `failed` when the copy does not complete.
      task.failed = true
    }
    return id
  }

  /** seaf_copy_manager_get_task: a snapshot, or undefined for an unknown id. */
  get(id: string): CopyTask | undefined {
    const task = this.#tasks.get(id)
    return task && { ...task }
  }

  /**
   * seaf_copy_manager_cancel_task: an unknown id is a no-op that succeeds; a finished task cannot be
   * canceled (false); a running one is marked canceled.
   */
  cancel(id: string): boolean {
    const task = this.#tasks.get(id)
    if (!task) return true
    if (task.canceled || task.failed || task.successful) return false
    task.canceled = true
    return true
  }
}

const registry = new WeakMap<object, CopyTasks>()

/** The task table of one mock server (keyed by its model, so servers in one process stay apart). */
export function copyTasksOf(owner: object): CopyTasks {
  let tasks = registry.get(owner)
  if (!tasks) {
    tasks = new CopyTasks()
    registry.set(owner, tasks)
  }
  return tasks
}
