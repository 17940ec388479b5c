import { RosbridgeError } from '../hardware-errors.js';

/**
 * The ROS message and service definitions the rosbridge endpoint knows, as .msg text, and their
 * parsed form. Enough for joint states, the three command interfaces, grippers, std_srvs and the
 * rosapi services; ROS 1 and ROS 2 differ only in Header and time.
 */

/** Primitive field types (time and duration are primitives in ROS 1 only). */
export const PRIMITIVES = new Set(['bool', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64', 'float32', 'float64', 'string', 'char', 'byte', 'time', 'duration']);

/** One field of a message definition. */
export interface FieldDef {
  readonly name: string;
  /** Primitive name, or the canonical "pkg/Name" of a nested message. */
  readonly type: string;
  /** -1: scalar; 0: variable-length array; n: fixed-length array. */
  readonly arrayLength: number;
  /** The nested definition, or null for primitives. */
  readonly message: MessageDef | null;
}

/** A parsed message definition. */
export interface MessageDef {
  /** Canonical "pkg/Name" (ROS 1 spelling). */
  readonly type: string;
  readonly fields: readonly FieldDef[];
}

/** A service: its request and response messages ("pkg/NameRequest", "pkg/NameResponse"). */
export interface ServiceDef {
  readonly type: string;
  readonly request: MessageDef;
  readonly response: MessageDef;
}

const COMMON: Record<string, string> = {
  'std_msgs/String': 'string data',
  'std_msgs/Bool': 'bool data',
  'std_msgs/Float64': 'float64 data',
  'std_msgs/Int32': 'int32 data',
  'std_msgs/Int64': 'int64 data',
  'std_msgs/MultiArrayDimension': 'string label\nuint32 size\nuint32 stride',
  'std_msgs/MultiArrayLayout': 'std_msgs/MultiArrayDimension[] dim\nuint32 data_offset',
  'std_msgs/Float64MultiArray': 'std_msgs/MultiArrayLayout layout\nfloat64[] data',
  'std_msgs/UInt8MultiArray': 'std_msgs/MultiArrayLayout layout\nuint8[] data',
  'sensor_msgs/JointState': 'std_msgs/Header header\nstring[] name\nfloat64[] position\nfloat64[] velocity\nfloat64[] effort',
  'trajectory_msgs/JointTrajectory': 'std_msgs/Header header\nstring[] joint_names\ntrajectory_msgs/JointTrajectoryPoint[] points',
  'geometry_msgs/Point': 'float64 x\nfloat64 y\nfloat64 z',
  'geometry_msgs/Quaternion': 'float64 x\nfloat64 y\nfloat64 z\nfloat64 w',
  'geometry_msgs/Pose': 'geometry_msgs/Point position\ngeometry_msgs/Quaternion orientation',
  'geometry_msgs/PoseStamped': 'std_msgs/Header header\ngeometry_msgs/Pose pose',
  'rosgraph_msgs/Log': 'std_msgs/Header header\nint8 level\nstring name\nstring msg\nstring file\nstring function\nuint32 line\nstring[] topics',
  'rosapi/TypeDef': 'string type\nstring[] fieldnames\nstring[] fieldtypes\nint32[] fieldarraylen\nstring[] examples\nstring[] constnames\nstring[] constvalues',
};

const ROS1: Record<string, string> = {
  'std_msgs/Header': 'uint32 seq\ntime stamp\nstring frame_id',
  'trajectory_msgs/JointTrajectoryPoint': 'float64[] positions\nfloat64[] velocities\nfloat64[] accelerations\nfloat64[] effort\nduration time_from_start',
};

const ROS2: Record<string, string> = {
  'builtin_interfaces/Time': 'int32 sec\nuint32 nanosec',
  'builtin_interfaces/Duration': 'int32 sec\nuint32 nanosec',
  'std_msgs/Header': 'builtin_interfaces/Time stamp\nstring frame_id',
  'trajectory_msgs/JointTrajectoryPoint': 'float64[] positions\nfloat64[] velocities\nfloat64[] accelerations\nfloat64[] effort\nbuiltin_interfaces/Duration time_from_start',
};

const SERVICES: Record<string, [string, string]> = {
  'std_srvs/Trigger': ['', 'bool success\nstring message'],
  'std_srvs/SetBool': ['bool data', 'bool success\nstring message'],
  'std_srvs/Empty': ['', ''],
  'rosapi/Topics': ['', 'string[] topics\nstring[] types'],
  'rosapi/Services': ['', 'string[] services'],
  'rosapi/Nodes': ['', 'string[] nodes'],
  'rosapi/TopicType': ['string topic', 'string type'],
  'rosapi/Publishers': ['string topic', 'string[] publishers'],
  'rosapi/ServiceType': ['string service', 'string type'],
  'rosapi/MessageDetails': ['string type', 'rosapi/TypeDef[] typedefs'],
};

/** "pkg/msg/Name" and "pkg/srv/Name" (ROS 2 spellings) become "pkg/Name". */
export function canonicalType(type: string): string {
  const parts = type.split('/');
  return parts.length === 3 && (parts[1] === 'msg' || parts[1] === 'srv') ? `${parts[0]}/${parts[2]}` : type;
}

/** The message and service definitions of one ROS version. */
export class MessageCatalog {
  private readonly messages = new Map<string, MessageDef>();
  private readonly services = new Map<string, ServiceDef>();
  private readonly texts: Record<string, string>;

  constructor(readonly rosVersion: 1 | 2) {
    this.texts = { ...COMMON, ...(rosVersion === 1 ? ROS1 : ROS2) };
    for (const [type, [req, res]] of Object.entries(SERVICES)) {
      this.texts[`${type}Request`] = req;
      this.texts[`${type}Response`] = res;
    }
  }

  /** Packages whose manifests "load" (unknown packages fail like a missing manifest). */
  knowsPackage(type: string): boolean {
    const pkg = canonicalType(type).split('/')[0]!;
    return Object.keys(this.texts).some((t) => t.startsWith(`${pkg}/`));
  }

  /** A message definition by any spelling, or null. */
  message(type: string): MessageDef | null {
    return this.parse(canonicalType(type), []);
  }

  /** A service definition by any spelling, or null. */
  service(type: string): ServiceDef | null {
    const t = canonicalType(type);
    let s = this.services.get(t);
    if (!s && SERVICES[t]) {
      s = { type: t, request: this.parse(`${t}Request`, [])!, response: this.parse(`${t}Response`, [])! };
      this.services.set(t, s);
    }
    return s ?? null;
  }

  /** The type name in this ROS version's spelling ("sensor_msgs/msg/JointState" for ROS 2). */
  spell(type: string, kind: 'msg' | 'srv' = 'msg'): string {
    const t = canonicalType(type);
    if (this.rosVersion === 1) return t;
    const [pkg, name] = t.split('/');
    return `${pkg}/${kind}/${name}`;
  }

  private parse(type: string, stack: string[]): MessageDef | null {
    const cached = this.messages.get(type);
    if (cached) return cached;
    const text = this.texts[type];
    if (text === undefined || stack.includes(type)) return null;
    const fields: FieldDef[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      const [decl, name] = line.trim().split(/\s+/) as [string, string];
      const m = /^([\w/]+)(\[(\d*)\])?$/.exec(decl)!;
      const base = m[1]!;
      const arrayLength = m[2] === undefined ? -1 : m[3] ? Number(m[3]) : 0;
      const message = PRIMITIVES.has(base) ? null : this.parse(base, [...stack, type]);
      if (!PRIMITIVES.has(base) && !message) throw new RosbridgeError(`message catalog: ${type}.${name} uses unknown type ${base}`);
      fields.push({ name, type: base, arrayLength, message });
    }
    const def: MessageDef = { type, fields };
    this.messages.set(type, def);
    return def;
  }
}
