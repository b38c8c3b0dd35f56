import { listLosses, type PaperDefaults } from '@gantry/losses';
import { defineCommand } from 'citty';
import { checkFlags } from '../flags';
import type { CliContext } from '../io';

const args = { json: { type: 'boolean', description: 'print the registry as JSON' } } as const;

/** `gantry losses`. */
export function lossesCommand({ io }: CliContext) {
  return defineCommand({
    meta: {
      name: 'losses',
      description:
        "List the GAN losses of the registry with their options and their papers' training defaults (with the source)",
    },
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
        io.stdout(
          `${' '.repeat(width)}  paper defaults: ${formatPaperDefaults(l.paperDefaults)}\n`,
        );
        io.stdout(`${' '.repeat(width)}  source: ${l.paperDefaults.source}\n`);
      }
    },
  });
}

/** "k=5, adam lr=0.0001 beta1=0 beta2=0.9, lambda=10": the numbers of a paper setup. */
export function formatPaperDefaults(p: PaperDefaults): string {
  const optimizer =
    p.optimizer === 'adam'
      ? `adam lr=${p.lr} beta1=${p.beta1} beta2=${p.beta2}`
      : p.optimizer === 'rmsprop'
        ? `rmsprop lr=${p.lr} decay=${p.decay}`
        : `sgd lr=${p.lr} momentum=${p.momentum}`;
  const extra = [
    ...(p.clip !== undefined ? [`clip=${p.clip}`] : []),
    ...(p.lambda !== undefined ? [`lambda=${p.lambda}`] : []),
  ];
  return [`k=${p.k}`, optimizer, ...extra].join(', ');
}
