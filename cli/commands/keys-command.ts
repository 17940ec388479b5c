import { KEY_FILES, writeKeyPair } from '../../policies/remote/curve-keys.js';
import type { Command } from '../command.js';
import { readOptions, required } from '../options.js';

/** `armkit keys`: make a CURVE key pair for `armkit serve` off loopback. */
export const keysCommand: Command = {
  name: 'keys',
  summary: 'make a CURVE key pair for armkit serve (secret key for the server, public key for clients)',
  usage: `armkit keys --out DIR   (writes DIR/${KEY_FILES.secret}, mode 0600, and DIR/${KEY_FILES.public}; never overwrites)`,
  async run(argv) {
    const { values: o } = readOptions('keys', argv, { out: required('a directory for the key pair') });
    const { secretPath, publicPath } = writeKeyPair(o.out);
    process.stdout.write(`wrote ${secretPath} (server: armkit serve --curve-key ${secretPath}) and ${publicPath} (clients: --policy zmq://HOST:PORT?key=${publicPath}, or ARMKIT_SERVER_KEY=${publicPath})\n`);
    return 0;
  },
};
