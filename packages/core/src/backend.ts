import * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from './errors';

/** The backend candidates, in the order `auto` tries them. */
export const BACKEND_CANDIDATES = ['tensorflow', 'webgpu', 'native', 'wasm', 'cpu'] as const;
/** A backend candidate name, or `auto` for the first that works. */
export type BackendPreference = (typeof BACKEND_CANDIDATES)[number] | 'auto';

/** The WebGPU adapter a `webgpu` backend runs on (from `@gantry/backend-webgpu`). */
export interface BackendAdapter {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** A CPU implementation (SwiftShader, llvmpipe, WARP): `auto` never picks one. */
  software: boolean;
}

/** Where a backend fault happened, for its message (the trainer passes what it knows). */
export interface BackendFaultContext {
  /** The batch size of the step that failed (named in out-of-memory errors). */
  batchSize?: number;
  /** The step that failed. */
  step?: number;
}

/**
 * How a device backend reports faults that tfjs itself does not throw (a lost GPU, out of
 * memory): the trainer calls `check` after each readback and passes a thrown error through
 * `explain` to get the backend's typed error (`webgpu`: `E_WEBGPU_DEVICE_LOST`, …).
 */
export interface BackendFaults {
  /** Throws the backend's typed error when the device has failed since it was registered. */
  check(context: BackendFaultContext): void;
  /** The typed error behind `error` (waiting briefly for a late report), or `error` itself. */
  explain(error: unknown, context: BackendFaultContext): Promise<unknown>;
}

/** Loads a candidate: registers its tfjs backend and returns the registered name. */
export type BackendLoader = () => Promise<{
  name: string;
  package: string;
  device?: 'gpu' | 'cpu';
  /** Threads the backend computes with, when it says (native: its pool). */
  threads?: number;
  /** What it runs on, for the summary (native: `openblas` or `builtin`). */
  detail?: string;
  /** The WebGPU adapter it runs on (webgpu). */
  adapter?: BackendAdapter;
  /** Its fault reporting, for a device backend (webgpu). */
  faults?: BackendFaults;
}>;

/** Options of {@link selectBackend}. */
export interface SelectBackendOptions {
  /** `auto` (default) tries every candidate in order; a name tries only that one. */
  prefer?: BackendPreference;
  /** Kernels the model needs (e.g. `Conv2DBackpropFilter`); a backend lacking one is skipped. */
  requiredKernels?: readonly string[];
  /** Replaces the loader of a candidate (tests, custom builds, bundlers). */
  loaders?: Partial<Record<(typeof BACKEND_CANDIDATES)[number], BackendLoader>>;
  /**
   * Imports a backend package by name for the default loaders; pass `(id) => import(id)` from
   * your own package so that the backends installed next to it are found (default: resolve from
   * `@gantry/core`'s own location).
   */
  importModule?: ModuleImporter;
  /** Threads for backends that take a count (native; default: theirs, e.g. every core). */
  threads?: number;
}

/** Imports a module by specifier (a dynamic `import`). */
export type ModuleImporter = (specifier: string) => Promise<Record<string, unknown>>;

/** The outcome of {@link selectBackend}. */
export interface BackendSelection {
  /** The tfjs backend name now active (`tensorflow`, `native`, `wasm`, `cpu`...). */
  backend: string;
  /** The package that provided it. */
  package: string;
  /** Where the math runs (`cpu` for webgpu on a software adapter). */
  device: 'gpu' | 'cpu';
  /** Threads it computes with, when the backend says (native). */
  threads?: number;
  /** The WebGPU adapter, for `webgpu`. */
  adapter?: BackendAdapter;
  /** Its fault reporting, for a device backend (`webgpu`); absent for the CPU backends. */
  faults?: BackendFaults;
  /** Candidates tried before it, with the reason each was passed over. */
  skipped: { candidate: string; reason: string }[];
  /**
   * One line for logs, e.g. `backend native (@gantry/backend-native, cpu, 2 threads, openblas + onednn)`
   * or `backend wasm (@tensorflow/tfjs-backend-wasm, cpu); skipped: …`.
   */
  summary: string;
}

/** e.g. `nvidia ampere, NVIDIA GeForce RTX 3090` or `google swiftshader, SwiftShader driver 5.0.0, software`. */
function adapterText(a: BackendAdapter): string {
  const parts = [[a.vendor, a.architecture].filter(Boolean).join(' '), a.description || a.device];
  return [...parts.filter(Boolean), ...(a.software ? ['software'] : [])].join(', ');
}

const ownImport: ModuleImporter = (id) =>
  import(/* @vite-ignore */ id) as Promise<Record<string, unknown>>;

const MAX_REASON = 320;

function describeError(error: unknown): string {
  const e = error as { code?: string; message?: string; details?: { fix?: unknown } };
  if (e?.code === 'ERR_MODULE_NOT_FOUND' || e?.code === 'MODULE_NOT_FOUND') return 'not installed';
  const message = String(e?.message ?? error).split('\n')[0] ?? '';
  // tfjs-node(-gpu) installed without its libtensorflow binding (its install script did not run
  // or could not download): say so instead of quoting the binding's long path.
  if (/tfjs_binding\.node.*can not be found/.test(message)) {
    return 'native binding not built (install script not run, or libtensorflow download failed)';
  }
  if (message.length <= MAX_REASON) return message;
  // A GantryError's `details.fix` (the command that fixes it) survives the cut: the middle goes.
  const fix = typeof e?.details?.fix === 'string' ? `. Fix: ${e.details.fix}` : '';
  const head = fix && message.endsWith(fix) ? message.slice(0, -fix.length) : message;
  return `${head.slice(0, Math.max(40, MAX_REASON - fix.length - 1))}…${fix}`;
}

/** What a default loader is told: threads asked for, and whether its backend was asked by name. */
interface LoaderOptions {
  threads: number | undefined;
  forced: boolean;
}

async function loadTensorflow(
  dynamicImport: ModuleImporter,
): Promise<Awaited<ReturnType<BackendLoader>>> {
  const reasons: string[] = [];
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await dynamicImport(pkg);
      const gpu = pkg.endsWith('-gpu');
      return { name: 'tensorflow', package: pkg, device: gpu ? 'gpu' : 'cpu' };
    } catch (error) {
      reasons.push(`${pkg}: ${describeError(error)}`);
    }
  }
  throw new Error(reasons.join('; '));
}

/**
 * `@gantry/backend-webgpu` (its `/node` entry in Node, which starts Dawn from the optional peer
 * `webgpu`): hardware adapters only, unless `webgpu` was asked for by name.
 */
async function loadWebgpu(
  dynamicImport: ModuleImporter,
  { forced }: LoaderOptions,
): Promise<Awaited<ReturnType<BackendLoader>>> {
  const pkg = '@gantry/backend-webgpu';
  const inNode = typeof process !== 'undefined' && process.versions?.node !== undefined;
  const mod = await dynamicImport(inNode ? `${pkg}/node` : pkg);
  const register = mod['registerWebgpuBackend'] as
    | ((options: { allowSoftware: boolean }) => Promise<{ name: string; adapter: BackendAdapter }>)
    | undefined;
  if (typeof register !== 'function') throw new Error(`${pkg} has no registerWebgpuBackend()`);
  const { name, adapter } = await register({ allowSoftware: forced });
  const check = mod['checkWebgpuDevice'] as BackendFaults['check'] | undefined;
  const explain = mod['mapWebgpuError'] as BackendFaults['explain'] | undefined;
  const faults = check && explain ? { check, explain } : undefined;
  return {
    name,
    package: pkg,
    device: adapter.software ? 'cpu' : 'gpu',
    adapter,
    ...(faults ? { faults } : {}),
  };
}

async function loadNative(
  dynamicImport: ModuleImporter,
  { threads }: LoaderOptions,
): Promise<Awaited<ReturnType<BackendLoader>>> {
  const pkg = '@gantry/backend-native';
  const mod = await dynamicImport(pkg);
  const register = mod['registerNativeBackend'] as
    | ((options?: { threads?: number }) => string | Promise<string>)
    | undefined;
  if (typeof register !== 'function') throw new Error(`${pkg} has no registerNativeBackend()`);
  const name = await register(threads === undefined ? {} : { threads });
  const info = (
    mod['nativeBackendInfo'] as
      | (() => { threads?: number; blasKind?: string; convKind?: string })
      | undefined
  )?.();
  // e.g. "openblas + onednn": the libraries the GEMMs and the convolutions run on.
  const detail = [info?.blasKind, info?.convKind === 'onednn' ? 'onednn' : undefined]
    .filter((s) => s !== undefined)
    .join(' + ');
  return {
    name,
    package: pkg,
    device: 'cpu',
    ...(info?.threads === undefined ? {} : { threads: info.threads }),
    ...(detail === '' ? {} : { detail }),
  };
}

async function loadWasm(
  dynamicImport: ModuleImporter,
): Promise<Awaited<ReturnType<BackendLoader>>> {
  await dynamicImport('@tensorflow/tfjs-backend-wasm');
  return { name: 'wasm', package: '@tensorflow/tfjs-backend-wasm', device: 'cpu' };
}

async function loadCpu(dynamicImport: ModuleImporter): Promise<Awaited<ReturnType<BackendLoader>>> {
  await dynamicImport('@tensorflow/tfjs-backend-cpu');
  return { name: 'cpu', package: '@tensorflow/tfjs-backend-cpu', device: 'cpu' };
}

const DEFAULT_LOADERS: Record<
  (typeof BACKEND_CANDIDATES)[number],
  (dynamicImport: ModuleImporter, options: LoaderOptions) => ReturnType<BackendLoader>
> = {
  tensorflow: loadTensorflow,
  webgpu: loadWebgpu,
  native: loadNative,
  wasm: loadWasm,
  cpu: loadCpu,
};

/**
 * Picks and activates a tfjs backend: `tensorflow` (tfjs-node-gpu, then tfjs-node, by dynamic
 * import) → `webgpu` (`@gantry/backend-webgpu` on a hardware adapter; a software one only when
 * asked for by name) → `native` (`@gantry/backend-native`) → `wasm` → `cpu`, skipping any that
 * is not installed, fails to initialise, or lacks a kernel in `requiredKernels`. None of them is
 * a hard dependency. Returns the choice and why the others were skipped.
 *
 * @example
 * const { backend, summary } = await selectBackend({ requiredKernels: ['Conv2DBackpropFilter'] });
 * console.error(summary);
 */
export async function selectBackend(options: SelectBackendOptions = {}): Promise<BackendSelection> {
  const {
    prefer = 'auto',
    requiredKernels = [],
    loaders = {},
    importModule = ownImport,
    threads,
  } = options;
  if (prefer !== 'auto' && !(BACKEND_CANDIDATES as readonly string[]).includes(prefer)) {
    throw new InvalidArgumentError(
      'E_INVALID_ARGUMENT',
      `unknown backend "${prefer}"; known: auto, ${BACKEND_CANDIDATES.join(', ')}`,
      { option: 'prefer' },
    );
  }
  const order = prefer === 'auto' ? [...BACKEND_CANDIDATES] : [prefer];
  const skipped: BackendSelection['skipped'] = [];
  for (const candidate of order) {
    const loader =
      loaders[candidate] ??
      (() => DEFAULT_LOADERS[candidate](importModule, { threads, forced: prefer !== 'auto' }));
    try {
      const loaded = await loader();
      const missing = requiredKernels.filter((k) => tf.getKernel(k, loaded.name) === undefined);
      if (missing.length > 0) {
        skipped.push({ candidate, reason: `lacks kernel ${missing.join(', ')}` });
        continue;
      }
      if (!(await tf.setBackend(loaded.name))) {
        skipped.push({ candidate, reason: `backend "${loaded.name}" failed to initialise` });
        continue;
      }
      await tf.ready();
      const device = loaded.device ?? 'cpu';
      const skippedText = skipped.length
        ? `; skipped: ${skipped.map((s) => `${s.candidate} (${s.reason})`).join(', ')}`
        : '';
      const facts = [
        loaded.package,
        device,
        ...(loaded.threads === undefined
          ? []
          : [`${loaded.threads} thread${loaded.threads === 1 ? '' : 's'}`]),
        ...(loaded.detail === undefined ? [] : [loaded.detail]),
      ];
      const on = loaded.adapter ? `: ${adapterText(loaded.adapter)}` : '';
      return {
        backend: loaded.name,
        package: loaded.package,
        device,
        ...(loaded.threads === undefined ? {} : { threads: loaded.threads }),
        ...(loaded.adapter ? { adapter: loaded.adapter } : {}),
        ...(loaded.faults ? { faults: loaded.faults } : {}),
        skipped,
        summary: `backend ${loaded.name} (${facts.join(', ')}${on})${skippedText}`,
      };
    } catch (error) {
      skipped.push({ candidate, reason: describeError(error) });
    }
  }
  throw new InvalidArgumentError(
    'E_BACKEND_UNAVAILABLE',
    `no usable tfjs backend: ${skipped.map((s) => `${s.candidate} (${s.reason})`).join(', ')}`,
    { option: 'prefer', skipped },
  );
}
