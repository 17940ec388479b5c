import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { curveKeyPair } from 'zeromq';
import { InvalidArgumentError, resourceError } from '../../errors.js';

/** File names `armkit keys --out DIR` writes: the server's secret key (mode 0600) and the public key clients need. */
export const KEY_FILES = { secret: 'armkit-server.key', public: 'armkit-server.pub' } as const;

/** A new CURVE key pair written to `dir`; returns both paths. @throws ResourceError when a file cannot be written. */
export function writeKeyPair(dir: string): { secretPath: string; publicPath: string } {
  const pair = curveKeyPair();
  const secretPath = join(dir, KEY_FILES.secret);
  const publicPath = join(dir, KEY_FILES.public);
  try {
    mkdirSync(dir, { recursive: true });
    // `wx`: never overwrite a key pair that clients already trust.
    writeFileSync(secretPath, `${pair.secretKey}\n`, { mode: 0o600, flag: 'wx' });
    writeFileSync(publicPath, `${pair.publicKey}\n`, { flag: 'wx' });
  } catch (e) {
    throw resourceError(`cannot write a key pair in ${dir}`, e);
  }
  return { secretPath, publicPath };
}

/**
 * The Z85 key (40 characters) in a file written by writeKeyPair.
 * @throws ResourceError when it cannot be read, InvalidArgumentError when it holds no key.
 */
export function readKey(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (e) {
    throw resourceError(`cannot read key file ${path}`, e);
  }
  if (!/^[0-9a-zA-Z.\-:+=^!/*?&<>()[\]{}@%$#]{40}$/.test(text)) throw new InvalidArgumentError(`${path}: expected a 40-character Z85 CURVE key (from armkit keys), got ${text.length} characters`);
  return text;
}
