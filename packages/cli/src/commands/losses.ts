import { listLosses } from '@gantry/losses';
import { defineCommand } from 'citty';
import { checkFlags } from '../flags';
import type { CliContext } from '../io';

const args = { json: { type: 'boolean', description: 'print the registry as JSON' } } as const;

/** `gantry losses`. */
export function lossesCommand({ io }: CliContext) {
  return defineCommand({
    meta: { name: 'losses', description: 'List the GAN losses of the registry with their options' },
    args,
    run({ args: a, rawArgs }) {
      checkFlags('gantry losses', rawArgs, args);
      const losses = listLosses();
      if (a.json) {
        io.stdout(`${JSON.stringify(losses, null, 2)}\n`);
        return;
      }
      const width = Math.max(...losses.map((l) => l.name.length));
      for (const l of losses) {
        const options = Object.entries(l.options)
          .map(([k, v]) => `${k}=${v}`)
          .join(', ');
        io.stdout(`${l.name.padEnd(width)}  ${l.description}${options ? ` [${options}]` : ''}\n`);
      }
    },
  });
}
