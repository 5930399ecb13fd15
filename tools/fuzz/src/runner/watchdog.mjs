// A separate process that watches the fuzz run, because a reader stuck in a synchronous loop or
// allocating without bound cannot be stopped from inside: when the heartbeat file stops changing
// for HANG_MS, or the run's RSS passes MAX_RSS, it prints the case and kills the run.
// Usage: node watchdog.mjs <heartbeat file> <pid> <hang ms> <max rss bytes>
import { readFileSync, statSync } from 'node:fs';

const [file, pidText, hangText, rssText] = process.argv.slice(2);
const pid = Number(pidText);
const hangMs = Number(hangText);
const maxRss = Number(rssText);

function rssOf(p) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

function alive(p) {
  try {
    process.kill(p, 0);
    return true;
  } catch {
    return false;
  }
}

function kill(why) {
  let current = '(unknown case)';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // No heartbeat yet.
  }
  process.stderr.write(`\n[a3 fuzz watchdog] ${why} during ${current}; killing the run (pid ${pid}).\n`);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  process.exit(1);
}

setInterval(() => {
  if (!alive(pid)) process.exit(0);
  const rss = rssOf(pid);
  if (rss > maxRss)
    kill(`RSS ${Math.round(rss / 2 ** 20)} MiB passed the limit of ${Math.round(maxRss / 2 ** 20)} MiB`);
  let changed = Date.now();
  try {
    changed = statSync(file).mtimeMs;
  } catch {
    // No heartbeat yet: the run is still preparing.
  }
  if (Date.now() - changed > hangMs) kill(`no progress for ${Math.round(hangMs / 1000)} s (a hang)`);
}, 100);
