/**
 * `command` and `args` rewritten so the program gets SIGKILL when the process that starts it
 * dies: util-linux's `setpriv --pdeathsig` sets Linux's PR_SET_PDEATHSIG and execs the program,
 * which keeps it (same pid, same arguments otherwise). For the servers tests start as their
 * children (throwaway PostgreSQL, Redis): a test runner that is killed leaves none behind.
 * setpriv runs after a `spawn` uid change, so the signal survives it.
 */
export function diesWithParent(
  command: string,
  args: readonly string[],
): [command: string, args: string[]] {
  return ['setpriv', ['--pdeathsig', 'KILL', '--', command, ...args]];
}
