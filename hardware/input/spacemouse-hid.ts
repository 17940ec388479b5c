import { InputDeviceError } from '../hardware-errors.js';

/** A HID device as node-hid lists it: what the search and the error message need. */
export interface HidDeviceInfo {
  vendorId: number;
  productId: number;
  path?: string | undefined;
  product?: string | undefined;
  manufacturer?: string | undefined;
}

/** An open SpaceMouse: its reports go to `onReport` until closed. */
export interface SpaceMouseConnection extends AsyncDisposable {
  /** The device's name as it reports it. */
  readonly name: string;
  close(): Promise<void>;
}

// 3Dconnexion's USB vendor ids: Logitech's for the older devices, 3Dconnexion's own for newer ones.
const VENDORS = new Set([0x046d, 0x256f]);
// Logitech-vendor products that are 3Dconnexion devices (SpaceNavigator, SpaceExplorer,
// SpacePilot, SpaceMouse Pro and kin); every product of 0x256f is one.
const LOGITECH_3DX = new Set([0xc603, 0xc605, 0xc606, 0xc621, 0xc623, 0xc625, 0xc626, 0xc627, 0xc628, 0xc629, 0xc62b, 0xc640]);

/** Whether a listed HID device is a 3Dconnexion SpaceMouse. */
export function isSpaceMouse(d: HidDeviceInfo): boolean {
  return VENDORS.has(d.vendorId) && (d.vendorId === 0x256f || LOGITECH_3DX.has(d.productId));
}

/** The one line that names what was found when no SpaceMouse was. */
export function noSpaceMouseMessage(found: readonly HidDeviceInfo[]): string {
  const hex = (n: number) => n.toString(16).padStart(4, '0');
  const list = found.map((d) => `${hex(d.vendorId)}:${hex(d.productId)} ${d.product ?? d.manufacturer ?? '(unnamed)'}`);
  const seen = list.length ? `HID devices found: ${[...new Set(list)].join(', ')}` : 'no HID devices found (on Linux, reading /dev/hidraw* needs a udev rule or membership of its group)';
  return `--device spacemouse: expected a 3Dconnexion SpaceMouse (USB vendor 046d or 256f); ${seen}`;
}

/**
 * Open the first SpaceMouse node-hid finds and deliver its reports. No device: InputDeviceError
 * listing the HID devices that are there. node-hid is loaded here, on first use, so a machine
 * without HID access runs everything else.
 */
export async function openSpaceMouse(onReport: (report: Uint8Array) => void, onError: (e: InputDeviceError) => void): Promise<SpaceMouseConnection> {
  const hid = await import('node-hid').catch((e: unknown) => {
    throw new InputDeviceError(`--device spacemouse: node-hid could not load (${(e as Error).message})`, { cause: e });
  });
  const found = await hid.devicesAsync();
  const info = found.find((d) => isSpaceMouse(d) && d.path);
  if (!info?.path) throw new InputDeviceError(noSpaceMouseMessage(found));
  const device = await hid.HIDAsync.open(info.path).catch((e: unknown) => {
    throw new InputDeviceError(`--device spacemouse: could not open ${info.path} (${info.product ?? 'SpaceMouse'}): ${(e as Error).message}`, { cause: e });
  });
  device.on('data', (b: Buffer) => {
    try {
      onReport(new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
    } catch (e) {
      onError(e instanceof InputDeviceError ? e : new InputDeviceError(`SpaceMouse report: ${(e as Error).message}`, { cause: e }));
    }
  });
  device.on('error', (e: Error) => onError(new InputDeviceError(`SpaceMouse ${info.product ?? ''} disconnected: ${e.message}`, { cause: e })));
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await device.close();
  };
  return { name: info.product ?? 'SpaceMouse', close, [Symbol.asyncDispose]: close };
}
