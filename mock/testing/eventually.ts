/**
 * Polls `check` until it holds. The bound is a liveness bound of minutes, not a speed check: on a busy
 * machine background work lands late, never not at all. False when the bound passed first.
 */
export async function eventually(
  check: () => boolean | Promise<boolean>,
  { withinMs = 120_000, everyMs = 10 } = {},
): Promise<boolean> {
  const deadline = performance.now() + withinMs
  while (!(await check())) {
    if (performance.now() > deadline) return false
    await new Promise((r) => setTimeout(r, everyMs))
  }
  return true
}
