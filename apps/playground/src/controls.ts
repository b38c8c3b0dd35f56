import { getLoss, listLosses } from '@gantry/losses';
import { OPTIMIZER_KINDS, RUN_FILES } from '@gantry/trainer';
import {
  BACKEND_CHOICES,
  DATA_CHOICES,
  isOneDimensional,
  LIMITS,
  type Settings,
  switchData,
} from './settings';

type NumberKey = 'k' | 'lrD' | 'lrG' | 'latentDim' | 'width' | 'depth' | 'batchSize' | 'seed';
type ChoiceKey = 'data' | 'loss' | 'optimizer' | 'prior' | 'backend';

interface NumberField {
  key: NumberKey;
  label: string;
  title: string;
  min: number;
  max: number;
  step: string;
  integer: boolean;
}

interface ChoiceField {
  key: ChoiceKey;
  label: string;
  title: string;
  options: { value: string; label: string; title?: string }[];
}

const DATA_LABELS: Record<string, string> = {
  gaussian1d: '1-D Gaussian (Figure 1)',
  ring2d: '2-D ring of 8 Gaussians',
  grid2d: '2-D grid of 25 Gaussians',
  swissRoll2d: '2-D Swiss roll',
  spiral2d: '2-D two spirals',
};

const CHOICES: ChoiceField[] = [
  {
    key: 'data',
    label: 'data',
    title: 'the toy distribution p_data',
    options: DATA_CHOICES.map((d) => ({ value: d, label: DATA_LABELS[d] ?? d })),
  },
  {
    key: 'loss',
    label: 'loss',
    title: 'the GAN objective, from the @gantry/losses registry',
    options: listLosses().map((l) => ({ value: l.name, label: l.name, title: l.description })),
  },
  {
    key: 'optimizer',
    label: 'optimizer',
    title: 'the same kind for D and G (SGD with momentum 0.5, Adam β₁ 0.5, RMSProp)',
    options: OPTIMIZER_KINDS.map((o) => ({ value: o, label: o })),
  },
  {
    key: 'prior',
    label: 'noise prior',
    title: 'p_z: U[−1, 1) or N(0, 1)',
    options: [
      { value: 'uniform', label: 'uniform U[−1, 1)' },
      { value: 'normal', label: 'normal N(0, 1)' },
    ],
  },
  {
    key: 'backend',
    label: 'backend',
    title: 'tfjs backend: auto tries WebGPU (a hardware GPU), then WebGL, then the CPU',
    options: BACKEND_CHOICES.map((b) => ({ value: b, label: b })),
  },
];

const NUMBERS: NumberField[] = [
  {
    key: 'k',
    label: 'k (D steps per G step)',
    title: "Algorithm 1's k",
    ...LIMITS.k,
    step: '1',
    integer: true,
  },
  {
    key: 'lrD',
    label: 'learning rate D',
    title: 'η of the discriminator',
    ...LIMITS.lr,
    step: 'any',
    integer: false,
  },
  {
    key: 'lrG',
    label: 'learning rate G',
    title: 'η of the generator',
    ...LIMITS.lr,
    step: 'any',
    integer: false,
  },
  {
    key: 'latentDim',
    label: 'noise dimension',
    title: 'dimension of z',
    ...LIMITS.latentDim,
    step: '1',
    integer: true,
  },
  {
    key: 'width',
    label: 'network width',
    title: 'hidden units per layer, G and D',
    ...LIMITS.width,
    step: '1',
    integer: true,
  },
  {
    key: 'depth',
    label: 'hidden layers',
    title: 'hidden layers, G and D',
    ...LIMITS.depth,
    step: '1',
    integer: true,
  },
  {
    key: 'batchSize',
    label: 'batch size m',
    title: 'real and noise samples per step',
    ...LIMITS.batchSize,
    step: '1',
    integer: true,
  },
  {
    key: 'seed',
    label: 'seed',
    title: 'seeds weights, data, noise',
    ...LIMITS.seed,
    step: '1',
    integer: true,
  },
];

/** What the buttons and fields call. */
export interface ControlHandlers {
  onSettings(next: Settings): void;
  onPlayPause(): void;
  onStep(): void;
  onStepD(): void;
  onStepG(): void;
  onReset(): void;
  onShare(): void;
  onLoadFiles(files: File[]): void;
}

/** The control panel, and the calls that keep it in step with the app. */
export interface Controls {
  show(settings: Settings): void;
  setPlaying(playing: boolean): void;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> & { dataset?: Record<string, string> } = {},
  children: (Node | string)[] = [],
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  const { dataset, ...rest } = props;
  Object.assign(el, rest);
  if (dataset) Object.assign(el.dataset, dataset);
  el.append(...children);
  return el;
}

type ButtonHandler = Exclude<keyof ControlHandlers, 'onSettings' | 'onLoadFiles'>;

const BUTTONS: readonly [id: string, label: string, title: string, handler: ButtonHandler][] = [
  ['play', '▶ play', '', 'onPlayPause'],
  ['step', 'step', 'one iteration: k D steps, then one G step', 'onStep'],
  ['step-d', 'D step', 'one discriminator update, G fixed', 'onStepD'],
  ['step-g', 'G step', 'one generator update, D fixed', 'onStepG'],
  ['reset', 'reset', 'new networks from the seed', 'onReset'],
  ['share', 'copy link', 'the URL holds every setting', 'onShare'],
];

/** The row of buttons: play/pause, one iteration, one D step, one G step, reset, share. */
function buttonRow(handlers: ControlHandlers): HTMLElement {
  return element(
    'div',
    { className: 'buttons' },
    BUTTONS.map(([id, textContent, title, handler]) =>
      element('button', {
        id,
        type: 'button',
        textContent,
        ...(title ? { title } : {}),
        onclick: handlers[handler],
      }),
    ),
  );
}

/** A labelled field. */
const labelled = (title: string, label: string, input: HTMLElement) =>
  element('label', { title }, [element('span', { textContent: label }), input]);

/** A select for a choice setting; a change hands the new settings to `onSettings`. */
function choiceField(
  field: (typeof CHOICES)[number],
  current: () => Settings,
  onSettings: (next: Settings) => void,
): HTMLSelectElement {
  const select = element(
    'select',
    { id: `field-${field.key}`, name: field.key, title: field.title },
    field.options.map((o) =>
      element('option', { value: o.value, textContent: o.label, title: o.title ?? '' }),
    ),
  );
  select.addEventListener('change', () => {
    const value = select.value;
    onSettings(
      field.key === 'data'
        ? switchData(current(), value as Settings['data'])
        : ({ ...current(), [field.key]: value } as Settings),
    );
  });
  return select;
}

/** A number input; a value out of range or not an integer where one is needed is refused. */
function numberField(
  field: (typeof NUMBERS)[number],
  current: () => Settings,
  onSettings: (next: Settings) => void,
): HTMLInputElement {
  const input = element('input', {
    id: `field-${field.key}`,
    name: field.key,
    type: 'number',
    min: String(field.min),
    max: String(field.max),
    step: field.step,
    title: `${field.title} (${field.min} to ${field.max})`,
  });
  input.addEventListener('change', () => {
    const value = Number(input.value);
    const ok =
      input.value.trim() !== '' &&
      Number.isFinite(value) &&
      value >= field.min &&
      value <= field.max &&
      (!field.integer || Number.isInteger(value));
    input.classList.toggle('invalid', !ok);
    if (!ok) {
      input.title = `expected ${field.integer ? 'an integer' : 'a number'} from ${field.min} to ${field.max}`;
      return;
    }
    onSettings({ ...current(), [field.key]: value });
  });
  return input;
}

/** The picker of a generator trained by `gantry train` (its model files and run record). */
function loaderSection(onLoadFiles: (files: File[]) => void): HTMLElement {
  const upload = element('input', {
    id: 'load-generator',
    type: 'file',
    multiple: true,
    accept: '.json,.bin',
  });
  upload.addEventListener('change', () => {
    onLoadFiles(Array.from(upload.files ?? []));
    upload.value = '';
  });
  const g = RUN_FILES.generator;
  return element('section', { className: 'loader' }, [
    element('h2', { textContent: 'A generator from gantry train' }),
    element('p', {
      className: 'note',
      textContent: `Pick ${g}/model.json and ${g}/weights.bin of a run on this data (and the run’s ${RUN_FILES.record} for its prior): its samples are drawn over the live game.`,
    }),
    upload,
  ]);
}

/**
 * Builds the control panel into `container`: the buttons (play/pause, one iteration, one D
 * step, one G step, reset, share) and a field per setting. A change to a field builds a new
 * session (the networks and optimizers depend on every setting); a bad number is refused with
 * the field marked invalid.
 */
export function buildControls(
  container: HTMLElement,
  initial: Settings,
  handlers: ControlHandlers,
): Controls {
  let current = initial;
  const now = () => current;
  const buttons = buttonRow(handlers);
  const form = element('form', { className: 'fields', onsubmit: (e: Event) => e.preventDefault() });
  const inputs = new Map<keyof Settings, HTMLInputElement | HTMLSelectElement>();
  const lossNote = element('p', { className: 'note', id: 'loss-note' });
  for (const field of CHOICES) {
    const select = choiceField(field, now, handlers.onSettings);
    inputs.set(field.key, select);
    form.append(labelled(field.title, field.label, select));
    if (field.key === 'loss') form.append(lossNote);
  }
  for (const field of NUMBERS) {
    const input = numberField(field, now, handlers.onSettings);
    inputs.set(field.key, input);
    form.append(labelled(field.title, field.label, input));
  }
  container.append(buttons, form, loaderSection(handlers.onLoadFiles));

  const show = (settings: Settings) => {
    current = settings;
    for (const [key, input] of inputs) {
      input.value = String(settings[key]);
      input.classList.remove('invalid');
    }
    const loss = getLoss(settings.loss);
    lossNote.textContent = `${loss.description}. Usually trained with ${loss.recommendedOptimizer}.`;
    const prior = inputs.get('prior');
    if (prior)
      prior.title = isOneDimensional(settings.data) ? 'p_z; Figure 1 draws z uniform' : 'p_z';
  };
  show(initial);
  return {
    show,
    setPlaying(playing: boolean) {
      const play = buttons.querySelector('#play');
      if (play) play.textContent = playing ? '❚❚ pause' : '▶ play';
    },
  };
}
