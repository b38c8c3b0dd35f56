import {
  getKernel,
  type KernelConfig,
  type KernelFunc,
  type NamedAttrMap,
  type TensorInfo,
} from '@tensorflow/tfjs-core';
import type { NativeAddon, OpTableName, OpTables } from '../_addon';
import { NATIVE_BACKEND_NAME, type NativeBackend } from '../_context';
import { NativeBackendError } from '../errors';

/** What a kernel's math receives: its inputs and attrs, typed, and the addon. */
export interface KernelCall<Inputs extends string, Attrs, Optional extends string = never> {
  inputs: { [K in Inputs]: TensorInfo } & { [K in Optional]?: TensorInfo };
  attrs: Attrs;
  backend: NativeBackend;
  addon: NativeAddon;
  /** The addon's code of this kernel's op (`op` of the spec), -1 when the spec names none. */
  op: number;
  /** The addon's op tables (operand modes, bias modes, activations...). */
  codes: OpTables;
  /** Runs a cpu kernel on the native backend and returns its single output. */
  cpu(kernelName: string, inputs: Record<string, TensorInfo>, attrs?: NamedAttrMap): TensorInfo;
}

/** The part of a kernel call that shared helpers (matmul, conv, epilogue) use. */
export type KernelTools = Pick<KernelCall<string, unknown>, 'addon' | 'backend' | 'codes' | 'cpu'>;

/**
 * A kernel of the native backend: its math, without the preamble every kernel shares (cpu
 * fallback, float32 guard, backend cast, attrs cast, op code look-up), which {@link bindKernel}
 * adds. `run` returns undefined for the cases it leaves to tfjs-backend-cpu's kernel.
 */
export interface NativeKernelSpec<
  Inputs extends string = string,
  Attrs = NamedAttrMap,
  Optional extends string = never,
> {
  kernelName: string;
  /** `blas`: always registered; `elementwise`: unless `registerNativeBackend({ elementwise: false })`. */
  group: 'blas' | 'elementwise';
  /** Inputs that must be float32 for the native path (any other dtype runs the cpu kernel). */
  float32: readonly Inputs[];
  /** The addon table and name of the op code passed to the addon, e.g. ['unary', 'Relu']. */
  op?: readonly [OpTableName, string];
  run(call: KernelCall<Inputs, Attrs, Optional>): TensorInfo | TensorInfo[] | undefined;
}

/** Declares a kernel (the identity: it types `run`'s inputs, optional inputs and attrs). */
export function defineKernel<
  Inputs extends string,
  Attrs = NamedAttrMap,
  Optional extends string = never,
>(spec: NativeKernelSpec<Inputs, Attrs, Optional>): NativeKernelSpec {
  return spec as unknown as NativeKernelSpec;
}

/** tfjs-backend-cpu's kernel function for `kernelName` (registered when it was imported). */
export function cpuKernel(kernelName: string): KernelFunc {
  const config = getKernel(kernelName, 'cpu');
  if (config === undefined) {
    throw new NativeBackendError(
      'E_NATIVE_UNAVAILABLE',
      `@tensorflow/tfjs-backend-cpu registered no ${kernelName} kernel`,
      { kernel: kernelName },
    );
  }
  return config.kernelFunc;
}

/** The addon's code of `op`; throws when the addon lacks it (an addon older than this file). */
export function opCode(addon: NativeAddon, op: readonly [OpTableName, string]): number {
  const code = addon.ops[op[0]]?.[op[1]];
  if (code === undefined) {
    throw new NativeBackendError(
      'E_NATIVE_UNAVAILABLE',
      `the addon has no ${op[0]} op ${op[1]} (rebuild it: node scripts/build-addon.mjs)`,
      { op },
    );
  }
  return code;
}

/** The tfjs kernel config of a spec: the preamble around its math. */
export function bindKernel(spec: NativeKernelSpec, addon: NativeAddon): KernelConfig {
  // Looked up when first needed: a kernel of Gantry's own (no tfjs cpu kernel) never falls back.
  const fallback: KernelFunc = (args) => cpuKernel(spec.kernelName)(args);
  const op = spec.op === undefined ? -1 : opCode(addon, spec.op);
  return {
    kernelName: spec.kernelName,
    backendName: NATIVE_BACKEND_NAME,
    kernelFunc: (args) => {
      const inputs = args.inputs as Record<string, TensorInfo>;
      for (const name of spec.float32) {
        if (inputs[name] !== undefined && inputs[name].dtype !== 'float32') return fallback(args);
      }
      const backend = args.backend as NativeBackend;
      const out = spec.run({
        inputs,
        attrs: args.attrs ?? {},
        backend,
        addon,
        op,
        codes: addon.ops,
        cpu: (kernelName, cpuInputs, attrs) =>
          cpuKernel(kernelName)({ inputs: cpuInputs, backend, attrs }) as TensorInfo,
      });
      return out ?? fallback(args);
    },
  };
}
