import { ModelContractError, type ContractMismatch } from '../policy-errors.js';
import type { ModelContract, ModelKind } from './model-contract.js';
import { FLAT_LOW_DIM_INPUT, modelSignature, LOW_DIM_INPUT, type SignatureDim, type SignatureTensor } from './model-signature.js';
import { parseContract } from './parse-contract.js';
import type { DeclaredTensor, ModelDeclaration } from './read-model-proto.js';

/**
 * Check a model's declaration against the contract and return the contract it satisfies.
 * @param declaration metadata and signature read from the file.
 * @param label the model's name in the error.
 * @param expectKind when given, the kind the caller needs.
 * @throws ModelContractError listing every mismatch, metadata and graph alike.
 */
export function checkContract(declaration: ModelDeclaration, label: string, expectKind?: ModelKind): ModelContract {
  const mismatches: ContractMismatch[] = [];
  const parsed = parseContract(declaration.metadata, mismatches);
  if (expectKind && parsed.kind && parsed.kind !== expectKind) {
    mismatches.push({ where: 'model kind', expected: `${expectKind} (what the caller loads)`, found: parsed.kind });
  }
  // diffusion_policy's UNet, exported as it is, takes the window flat; only diffusion models
  // without images may (its image policies condition on encoder features instead).
  const names = new Set(declaration.inputs.map((d) => d.name));
  const flat = parsed.kind === 'diffusion' && names.has(FLAT_LOW_DIM_INPUT) && !names.has(LOW_DIM_INPUT) && !(parsed.observationKeys ?? []).some((k) => k.type === 'rgb');
  const signature = modelSignature(parsed, flat);
  if (signature) {
    for (const e of signature.inputs) checkTensor('input', e, declaration.inputs, mismatches);
    for (const e of signature.outputs) checkTensor('output', e, declaration.outputs, mismatches);
    for (const d of declaration.inputs) {
      const known = signature.inputs.some((e) => e.name === d.name);
      const maybeImage = !signature.observationInputsKnown && d.name.startsWith(`${LOW_DIM_INPUT}.`);
      if (!known && !maybeImage) {
        mismatches.push({ where: `input '${d.name}'`, expected: `no such input (inputs: ${signature.inputs.map((e) => e.name).join(', ')})`, found: describe(d) });
      }
    }
  }
  if (mismatches.length > 0) throw new ModelContractError(label, mismatches);
  // No mismatch: every entry the kind needs was read, and only those it may have are there.
  return { ...parsed, flatObservation: flat, metadata: declaration.metadata } as ModelContract;
}

function checkTensor(role: 'input' | 'output', e: SignatureTensor, declared: readonly DeclaredTensor[], out: ContractMismatch[]): void {
  const d = declared.find((t) => t.name === e.name);
  if (!d) {
    const names = declared.map((t) => `'${t.name}'`).join(', ') || 'none';
    out.push({ where: `${role} '${e.name}'`, expected: `${e.dtype} ${shapeText(e.dims)}`, found: `no such ${role} (${role}s: ${names})` });
    return;
  }
  if (d.dtype !== e.dtype) out.push({ where: `${role} '${e.name}' dtype`, expected: e.dtype, found: d.dtype });
  if (!shapeMatches(e.dims, d.dims)) {
    out.push({ where: `${role} '${e.name}' shape`, expected: shapeText(e.dims), found: d.dims ? shapeText(d.dims) : 'unknown rank' });
  }
}

function shapeMatches(expected: readonly SignatureDim[], found: DeclaredTensor['dims']): boolean {
  if (!found || found.length !== expected.length) return false;
  return expected.every((e, i) => {
    const f = found[i];
    if (e === 'any') return true;
    // Dynamic axes are declared by a symbol or left unnamed; a fixed size there would pin the batch.
    if (e === 'batch' || e === 'dynamic') return typeof f === 'string' || f === null;
    return f === e;
  });
}

function shapeText(dims: readonly (SignatureDim | string | null)[]): string {
  return `[${dims.map((d) => (d === null ? '?' : d === 'any' ? '*' : String(d))).join(', ')}]`;
}

function describe(d: DeclaredTensor): string {
  return `${d.dtype} ${d.dims ? shapeText(d.dims) : '(unknown rank)'}`;
}
