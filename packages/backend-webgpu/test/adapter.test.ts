// Finding an adapter: no WebGPU, no adapter, a software adapter where auto wants hardware, the
// `webgpu` package missing; and how adapters are described. Nothing here registers a backend.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isGantryError } from '@gantry/core';
import { afterAll, describe, expect, it } from 'vitest';
import {
  adapterLabel,
  describeAdapter,
  findSwiftShaderIcd,
  type GpuAdapterLike,
  type GpuLike,
  installDawnGpu,
  registerWebgpuBackend,
  vulkanDriverManifests,
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

describe('Vulkan drivers on Linux', () => {
  const root = mkdtempSync(join(tmpdir(), 'gantry-icd-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const icdDir = (name: string) => {
    const dir = join(root, name, 'vulkan/icd.d');
    mkdirSync(dir, { recursive: true });
    return dir;
  };
  writeFileSync(join(icdDir('share'), 'nvidia_icd.json'), '{}');
  writeFileSync(join(icdDir('software'), 'lvp_icd.x86_64.json'), '{}');
  writeFileSync(join(icdDir('software'), 'README'), 'not a manifest');

  it("lists the manifests of the loader's search folders", () => {
    const env = {
      XDG_CONFIG_DIRS: join(root, 'none'),
      XDG_DATA_HOME: join(root, 'none'),
      XDG_DATA_DIRS: `${join(root, 'share')}:${join(root, 'software')}`,
    };
    const found = vulkanDriverManifests(env).filter((m) => m.startsWith(root));
    expect(found).toEqual([
      join(root, 'share/vulkan/icd.d/nvidia_icd.json'),
      join(root, 'software/vulkan/icd.d/lvp_icd.x86_64.json'),
    ]);
  });

  const env = {
    XDG_CONFIG_DIRS: join(root, 'none'),
    XDG_DATA_HOME: join(root, 'none'),
    XDG_DATA_DIRS: join(root, 'software'),
  };
  const onlySoftware = vulkanDriverManifests(env).every((m) => /lvp_icd|swiftshader/.test(m));
  it.skipIf(process.platform !== 'linux' || !onlySoftware)(
    'auto refuses a machine with only lavapipe before starting Dawn, naming what it found',
    async () => {
      const keys = [
        'XDG_CONFIG_DIRS',
        'XDG_DATA_HOME',
        'XDG_DATA_DIRS',
        'VK_ICD_FILENAMES',
        'VK_DRIVER_FILES',
      ] as const;
      const saved = keys.map((k) => process.env[k]);
      for (const k of keys) delete process.env[k];
      Object.assign(process.env, env);
      try {
        const error = await registerWebgpuBackend().catch((e: unknown) => e);
        expect(isGantryError(error, 'E_WEBGPU_NO_ADAPTER'), String(error)).toBe(true);
        expect((error as Error).message).toMatch(
          /no Vulkan GPU driver installed \(ICD manifests in vulkan\/icd\.d: only .*lvp_icd\.x86_64\.json\)/,
        );
        expect((globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu).toBeUndefined();
      } finally {
        keys.forEach((k, i) => {
          if (saved[i] === undefined) delete process.env[k];
          else process.env[k] = saved[i];
        });
      }
    },
  );
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
