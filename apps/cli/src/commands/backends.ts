import { listBackends } from '@a3/core';
import type { Command } from './command';

export const backendsCommand: Command = {
  name: 'backends',
  summary: 'List every known compute backend, whether it can run here, and why not',
  usage: 'a3 backends [--json]',
  example: 'a3 backends --json',
  options: { json: { type: 'boolean', description: 'Print a JSON array instead of a table' } },
  async run({ io, values }) {
    const list = await listBackends();
    const rows = list.map((b) => ({
      name: b.name,
      package: b.package,
      available: b.available,
      ...(b.reason ? { reason: b.reason } : {}),
      capabilities: b.capabilities,
    }));
    if (values.json) {
      io.out(JSON.stringify(rows, null, 2));
      return 0;
    }
    const def = list.find((b) => b.available)?.name;
    io.out('backend         available  package                      notes');
    for (const b of list) {
      const caps = b.capabilities
        ? Object.entries(b.capabilities)
            .filter(([, v]) => v)
            .map(([k]) => k)
            .join(',')
        : '';
      const note = b.available ? `${b.name === def ? 'default; ' : ''}${caps}` : (b.reason ?? '');
      io.out(
        `${b.name.padEnd(15)} ${(b.available ? 'yes' : 'no').padEnd(10)} ${b.package.padEnd(28)} ${note}`,
      );
    }
    return 0;
  },
};
