import { readdirSync, readFileSync } from 'node:fs';

/**
 * Every live descendant of `rootPid`, read from /proc. Signalling the process group alone
 * misses children that started a session or group of their own (daemons, `setsid`).
 * Returns [] where /proc does not exist (macOS, Windows).
 */
export function descendantsOf(rootPid: number): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const childrenOf = new Map<number, number[]>();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const parent = parentPid(entry);
    if (parent === undefined) continue;
    const list = childrenOf.get(parent);
    if (list) list.push(Number(entry));
    else childrenOf.set(parent, [Number(entry)]);
  }
  const found: number[] = [];
  const queue = [rootPid];
  while (queue.length > 0) {
    for (const child of childrenOf.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function parentPid(pid: string): number | undefined {
  try {
    // The command name (field 2) is in parentheses and may itself hold spaces or ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[1]);
  } catch {
    return undefined;
  }
}

/** Sends `signal` to the group led by `pid` and to every descendant found; ignores the gone. */
export function signalTree(pid: number, signal: NodeJS.Signals): void {
  const descendants = descendantsOf(pid);
  trySignal(-pid, signal);
  trySignal(pid, signal);
  for (const child of descendants) trySignal(child, signal);
}

function trySignal(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // Already gone, or not ours to signal.
  }
}
