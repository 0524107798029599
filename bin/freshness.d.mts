/** Whether dist/ is the build of the sources beside it (bin/freshness.mjs). */
export function distIsCurrent(root: URL): boolean
