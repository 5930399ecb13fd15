import { listBackends } from '@a3/core';
import { describeSlowdown, SPEED_SOURCE, trainingSpeeds } from '../backends/training-speed';
import type { Command } from './command';

export const backendsCommand: Command = {
  name: 'backends',
  summary: 'List every known compute backend, whether it can run here, how fast it trains, and why not',
  usage: 'a3 backends [--json]',
  example: 'a3 backends --json',
  options: { json: { type: 'boolean', description: 'Print a JSON array instead of a table' } },
  async run({ io, values }) {
    const list = await listBackends();
    const speeds = trainingSpeeds(list.filter((b) => b.available).map((b) => b.name));
    const rows = list.map((b) => ({
      name: b.name,
      package: b.package,
      available: b.available,
      ...(b.reason ? { reason: b.reason } : {}),
      capabilities: b.capabilities,
      speed: speeds.get(b.name) ?? null,
    }));
    if (values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    const def = list.find((b) => b.available)?.name;
    io.out('backend         available  speed            package                      notes');
    for (const b of list) {
      const caps = b.capabilities
        ? Object.entries(b.capabilities)
            .filter(([, v]) => v)
            .map(([k]) => k)
            .join(',')
        : '';
      const note = b.available ? `${b.name === def ? 'default; ' : ''}${caps}` : (b.reason ?? '');
      const s = speeds.get(b.name);
      const speed = s ? describeSlowdown(s.slowdown) : 'not measured';
      io.out(
        `${b.name.padEnd(15)} ${(b.available ? 'yes' : 'no').padEnd(10)} ${speed.padEnd(16)} ` +
          `${b.package.padEnd(28)} ${note}`,
      );
    }
    io.out('');
    io.out(
      `speed: training time relative to the fastest backend installed here (source: ${SPEED_SOURCE}, ` +
        'medians on a 2-core x64 CPU; your machine may rank them differently).',
    );
    return 0;
  },
};
