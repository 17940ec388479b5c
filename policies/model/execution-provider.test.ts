import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { maxAbsDiff, modelPath, references } from '../../test/policies/fixtures.js';
import { ExecutionProviderError } from '../policy-errors.js';
import { OnnxModel } from './onnx-model.js';
import { runReference } from '../../test/policies/run-reference.js';

const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const cudaLib = join(dirname(createRequire(import.meta.url).resolve('onnxruntime-node')), '..', 'bin', 'napi-v6', process.platform, process.arch, 'libonnxruntime_providers_cuda.so');
const cudaInstalled = existsSync(cudaLib);

// Without a GPU, Dawn needs a Vulkan driver: point the loader at SwiftShader's when the caller
// has not chosen one. The loader reads these when the WebGPU provider first starts.
if (!process.env['VK_ICD_FILENAMES'] && existsSync(SWIFTSHADER_ICD)) process.env['VK_ICD_FILENAMES'] = SWIFTSHADER_ICD;
if (!process.env['XDG_RUNTIME_DIR']) {
  const dir = join(tmpdir(), `armkit-xdg-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  process.env['XDG_RUNTIME_DIR'] = dir;
}

test('asking for CUDA where it is not installed falls back to the next provider and says so in one line', { skip: cudaInstalled && 'the CUDA provider is installed here' }, async () => {
  const lines: string[] = [];
  await using model = await OnnxModel.load(modelPath('bc-mlp'), { providers: ['cuda', 'cpu'], log: (l) => lines.push(l) });
  assert.equal(model.provider, 'cpu');
  assert.equal(lines.length, 1);
  assert.match(lines[0]!, /cuda unavailable \(.*libonnxruntime_providers_.*\.so is not installed.*\); using cpu/);
  assert.ok(!lines[0]!.includes('\n'));
});

test('with CUDA alone and CUDA missing, the error lists the provider and why', { skip: cudaInstalled && 'the CUDA provider is installed here' }, async () => {
  await assert.rejects(OnnxModel.load(modelPath('bc-mlp'), { providers: ['cuda'] }), (e: unknown) => {
    assert.ok(e instanceof ExecutionProviderError);
    assert.equal(e.failures.length, 1);
    assert.equal(e.failures[0]!.provider, 'cuda');
    return true;
  });
});

test('thread counts are passed to the session', async () => {
  await using model = await OnnxModel.load(modelPath('bc-mlp'), { providers: ['cpu'], intraOpThreads: 1, interOpThreads: 1 });
  assert.equal(model.provider, 'cpu');
});

// The GPU code path, on Vulkan's software driver where there is no GPU.
const webgpuReason = await webgpuUnavailable();
for (const name of ['bc-mlp', 'bc-gaussian', 'diffusion-unet-small', 'q-mlp']) {
  test(`${name} on the WebGPU provider matches the CPU provider within 1e-4`, { skip: webgpuReason ?? false }, async (t) => {
    const gpu = await runReference(name, ['webgpu']);
    const cpu = await runReference(name, ['cpu']);
    for (const key of Object.keys(references()[name]!.outputs)) {
      const diff = maxAbsDiff(gpu[key]!, cpu[key]!);
      assert.ok(diff <= 1e-4, `${name} ${key}: max |webgpu - cpu| = ${diff}`);
      t.diagnostic(`${key}: max |webgpu - cpu| = ${diff.toExponential(2)}`);
    }
  });
}

/** Why the WebGPU tests cannot run here, or null. Only a machine without any Vulkan driver skips. */
async function webgpuUnavailable(): Promise<string | null> {
  try {
    const m = await OnnxModel.load(modelPath('q-quadratic'), { providers: ['webgpu'] });
    await m.dispose();
    return null;
  } catch (e) {
    if (existsSync(SWIFTSHADER_ICD) || process.env['ARMKIT_REQUIRE_WEBGPU'] === '1') return null; // run and fail loudly
    return `no WebGPU adapter and no SwiftShader Vulkan driver at ${SWIFTSHADER_ICD} (apt-get install chromium libvulkan1): ${String(e).split('\n')[0]}`;
  }
}
