// Finding an adapter: no WebGPU, no adapter, a software adapter where auto wants hardware, the
// `webgpu` package missing; and how adapters are described. Nothing here registers a backend.
import { isGantryError } from '@gantry/core';
import { describe, expect, it } from 'vitest';
import {
  adapterLabel,
  describeAdapter,
  findSwiftShaderIcd,
  type GpuAdapterLike,
  type GpuLike,
  installDawnGpu,
  registerWebgpuBackend,
} from '../src/node';

function fakeAdapter(info: GpuAdapterLike['info'], isFallbackAdapter?: boolean): GpuAdapterLike {
  return {
    info,
    isFallbackAdapter,
    features: new Set<string>(),
    limits: {},
    requestDevice: () => Promise.reject(new Error('not a real adapter')),
  };
}

describe('describeAdapter', () => {
  it('reads the four fields and calls a hardware GPU hardware', async () => {
    const info = await describeAdapter(
      fakeAdapter({
        vendor: 'nvidia',
        architecture: 'hopper',
        device: '',
        description: 'NVIDIA H200',
      }),
    );
    expect(info).toEqual({
      vendor: 'nvidia',
      architecture: 'hopper',
      device: '',
      description: 'NVIDIA H200',
      software: false,
    });
    expect(adapterLabel(info)).toBe('nvidia hopper (NVIDIA H200)');
  });

  it('flags fallback adapters and CPU implementations as software', async () => {
    const cases: [GpuAdapterLike['info'], boolean | undefined][] = [
      [
        { vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0' },
        undefined,
      ],
      [
        { vendor: 'mesa', architecture: '', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' },
        undefined,
      ],
      [
        { vendor: 'microsoft', architecture: '', description: 'Microsoft Basic Render Driver' },
        undefined,
      ],
      [{ vendor: 'intel', architecture: 'gen-12lp', isFallbackAdapter: true }, undefined],
      [{ vendor: 'amd', architecture: 'rdna-3' }, true],
    ];
    for (const [info, fallback] of cases) {
      expect(
        (await describeAdapter(fakeAdapter(info, fallback))).software,
        JSON.stringify(info),
      ).toBe(true);
    }
  });

  it('uses requestAdapterInfo() where a browser has no adapter.info yet', async () => {
    const adapter = fakeAdapter(undefined);
    const legacy = {
      ...adapter,
      requestAdapterInfo: async () => ({ vendor: 'apple', architecture: 'common-3' }),
    };
    expect(adapterLabel(await describeAdapter(legacy))).toBe('apple common-3');
  });
});

describe('registerWebgpuBackend without a usable adapter', () => {
  it('a WebGPU without adapters (Dawn restricted to D3D12 on Linux) gives E_WEBGPU_NO_ADAPTER', async () => {
    const { create } = (await import('webgpu')) as unknown as { create(flags: string[]): GpuLike };
    const error = await registerWebgpuBackend({ gpu: create(['backend=d3d12']) }).catch(
      (e: unknown) => e,
    );
    expect(isGantryError(error, 'E_WEBGPU_NO_ADAPTER'), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/^no WebGPU adapter: .*VK_ICD_FILENAMES/);
  });

  it('a browser without navigator.gpu gives E_WEBGPU_UNSUPPORTED', async () => {
    const { registerWebgpuBackend: browserRegister } = await import('../src/index');
    const error = await browserRegister().catch((e: unknown) => e);
    expect(isGantryError(error, 'E_WEBGPU_UNSUPPORTED'), String(error)).toBe(true);
  });

  it('without the `webgpu` package, one line says so', async () => {
    const notFound = Object.assign(new Error("Cannot find package 'webgpu'"), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
    const error = await installDawnGpu({ importModule: () => Promise.reject(notFound) }).catch(
      (e: unknown) => e,
    );
    expect(isGantryError(error, 'E_WEBGPU_NOT_INSTALLED'), String(error)).toBe(true);
    expect((error as Error).message).toBe(
      'the optional peer `webgpu` (Dawn for Node, 132 MB) is not installed: `npm install webgpu` beside Gantry to train on a GPU',
    );
  });

  it('a Vulkan ICD path that does not exist is named', async () => {
    const error = await installDawnGpu({ vulkanIcd: '/nowhere/icd.json' }).catch((e: unknown) => e);
    expect(isGantryError(error, 'E_INVALID_ARGUMENT'), String(error)).toBe(true);
    expect((error as Error).message).toContain('/nowhere/icd.json');
  });

  const icd = findSwiftShaderIcd();
  it.skipIf(icd === undefined && !process.env['CI'])(
    'SwiftShader is refused unless allowSoftware, and the error names it',
    async () => {
      expect(icd, 'SwiftShader ICD (CI installs chromium)').toBeDefined();
      process.env['XDG_RUNTIME_DIR'] ??= '/tmp';
      await installDawnGpu({ vulkanIcd: icd });
      const error = await registerWebgpuBackend().catch((e: unknown) => e);
      expect(isGantryError(error, 'E_WEBGPU_SOFTWARE_ADAPTER'), String(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /^only a software adapter: google swiftshader \(SwiftShader driver [\d.]+\), software/,
      );
      expect(
        (error as { details: { adapter: { software: boolean } } }).details.adapter.software,
      ).toBe(true);
    },
  );
});
