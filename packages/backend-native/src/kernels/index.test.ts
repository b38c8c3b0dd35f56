// The one kernel list and the op codes: every code the TypeScript kernels pass to the addon
// comes from the addon's own tables (native/compute/ops.h), and every op the C++ side defines
// is used by a kernel, so neither side can drift from the other.
import { FUSED_OPTIMIZERS } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import { loadAddon } from '../_addon';
import { NATIVE_KERNELS } from '../registerNativeBackend';
import { KERNEL_SPECS } from './index';

describe('the kernel list and the addon op tables', () => {
  const { addon } = loadAddon();

  it('NATIVE_KERNELS is the registration list, each kernel once', () => {
    expect(NATIVE_KERNELS).toEqual(KERNEL_SPECS.map((s) => s.kernelName));
    expect(new Set(NATIVE_KERNELS).size).toBe(NATIVE_KERNELS.length);
  });

  it('every op a kernel names has a code in the addon', () => {
    for (const spec of KERNEL_SPECS.filter((s) => s.op !== undefined)) {
      const [table, name] = spec.op as [keyof typeof addon.ops, string];
      expect(addon.ops[table]?.[name], `${spec.kernelName}: ${table}.${name}`).toBeTypeOf('number');
    }
  });

  it('every op of the C++ tables is used by a kernel, with codes 0…n−1', () => {
    for (const table of ['binary', 'unary', 'compare', 'reduce'] as const) {
      const used = KERNEL_SPECS.filter((s) => s.op?.[0] === table).map((s) => s.op?.[1]);
      expect(Object.keys(addon.ops[table]).sort(), table).toEqual([...used].sort());
      expect(Object.values(addon.ops[table]).sort((a, b) => a - b)).toEqual(used.map((_, i) => i));
    }
    expect(Object.keys(addon.ops.operand)).toEqual(['same', 'scalar', 'row', 'col']);
    expect(Object.keys(addon.ops.bias)).toEqual(['none', 'perColumn', 'scalar', 'full']);
    expect(Object.keys(addon.ops.optimizer)).toEqual([...FUSED_OPTIMIZERS]);
    expect(Object.keys(addon.ops.activation)).toEqual([
      'linear',
      'relu',
      'relu6',
      'leakyrelu',
      'sigmoid',
      'elu',
    ]);
  });
});
