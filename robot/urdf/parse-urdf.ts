import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { fromRpy } from '../../math/quat.js';
import type { Pose } from '../../math/pose.js';
import type { Vec3 } from '../../math/vec3.js';
import { UrdfError } from './urdf-error.js';
import type { UrdfCollision, UrdfGeometry, UrdfInertial, UrdfJoint, UrdfJointType, UrdfLink, UrdfModel } from './urdf-model.js';

type XmlNode = Record<string, unknown>;

const JOINT_TYPES: readonly UrdfJointType[] = ['revolute', 'continuous', 'prismatic', 'fixed'];
const ARRAY_TAGS = new Set(['link', 'joint', 'collision']);

/**
 * Parse a URDF document into a kinematic tree. Throws UrdfError naming the element and the
 * problem for malformed XML, missing or non-numeric attributes, unknown joint types, dangling
 * parent/child links, and trees with zero or several roots or a cycle.
 */
export function parseUrdf(xml: string): UrdfModel {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new UrdfError(`URDF is not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
  }
  const doc = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    isArray: (name) => ARRAY_TAGS.has(name),
  }).parse(xml) as XmlNode;
  const robot = doc['robot'] as XmlNode | undefined;
  if (!robot || typeof robot !== 'object') throw new UrdfError('URDF: expected a <robot> root element, found none');
  const name = requireAttr(robot, 'name', '<robot>');
  const links = new Map<string, UrdfLink>();
  for (const node of (robot['link'] as XmlNode[] | undefined) ?? []) {
    const link = parseLink(node);
    if (links.has(link.name)) throw new UrdfError(`<link name="${link.name}">: duplicate link name`);
    links.set(link.name, link);
  }
  if (links.size === 0) throw new UrdfError(`<robot name="${name}">: expected at least one <link>, found none`);
  const joints = ((robot['joint'] as XmlNode[] | undefined) ?? []).map(parseJoint);
  return { name, links, joints, root: findRoot(links, joints) };
}

function parseLink(node: XmlNode): UrdfLink {
  const name = requireAttr(node, 'name', '<link>');
  const where = `<link name="${name}">`;
  const collisions = ((node['collision'] as XmlNode[] | undefined) ?? []).map((c, i) =>
    parseCollision(c, `${where} <collision> #${i + 1}`),
  );
  const inertialNode = node['inertial'] as XmlNode | undefined;
  return { name, collisions, inertial: inertialNode ? parseInertial(inertialNode, `${where} <inertial>`) : null };
}

function parseCollision(node: XmlNode, where: string): UrdfCollision {
  const geometry = node['geometry'] as XmlNode | undefined;
  if (!geometry) throw new UrdfError(`${where}: expected a <geometry> element, found none`);
  return { origin: parseOrigin(node['origin'] as XmlNode | undefined, where), geometry: parseGeometry(geometry, `${where} <geometry>`) };
}

function parseGeometry(node: XmlNode, where: string): UrdfGeometry {
  const box = node['box'] as XmlNode | undefined;
  if (box !== undefined) return { kind: 'box', size: positive(vector(requireAttr(box, 'size', `${where} <box>`), `${where} <box> size`), `${where} <box> size`) };
  const sphere = node['sphere'] as XmlNode | undefined;
  if (sphere !== undefined) return { kind: 'sphere', radius: positiveNumber(sphere, 'radius', `${where} <sphere>`) };
  for (const kind of ['cylinder', 'capsule'] as const) {
    const shape = node[kind] as XmlNode | undefined;
    if (shape !== undefined) {
      return { kind, radius: positiveNumber(shape, 'radius', `${where} <${kind}>`), length: positiveNumber(shape, 'length', `${where} <${kind}>`) };
    }
  }
  const found = Object.keys(node).filter((k) => !k.startsWith('@'));
  throw new UrdfError(`${where}: expected one of <box>, <sphere>, <cylinder>, <capsule>, found ${found.length ? found.map((k) => `<${k}>`).join(', ') : 'nothing'}`);
}

function parseInertial(node: XmlNode, where: string): UrdfInertial {
  const massNode = node['mass'] as XmlNode | undefined;
  if (!massNode) throw new UrdfError(`${where}: expected a <mass> element, found none`);
  const mass = positiveNumber(massNode, 'value', `${where} <mass>`);
  const inertia = node['inertia'] as XmlNode | undefined;
  if (!inertia) throw new UrdfError(`${where}: expected an <inertia> element, found none`);
  const keys = ['ixx', 'iyy', 'izz', 'ixy', 'ixz', 'iyz'] as const;
  const values = keys.map((k) => number(requireAttr(inertia, k, `${where} <inertia>`), `${where} <inertia> ${k}`));
  return { origin: parseOrigin(node['origin'] as XmlNode | undefined, where), mass, inertia: values as UrdfInertial['inertia'] };
}

function parseJoint(node: XmlNode): UrdfJoint {
  const name = requireAttr(node, 'name', '<joint>');
  const where = `<joint name="${name}">`;
  const type = requireAttr(node, 'type', where) as UrdfJointType;
  if (!JOINT_TYPES.includes(type)) throw new UrdfError(`${where}: type must be one of ${JOINT_TYPES.join(', ')}, found "${type}"`);
  const parent = requireAttr(requireChild(node, 'parent', where), 'link', `${where} <parent>`);
  const child = requireAttr(requireChild(node, 'child', where), 'link', `${where} <child>`);
  const axisNode = node['axis'] as XmlNode | undefined;
  const axis = axisNode ? unit(vector(requireAttr(axisNode, 'xyz', `${where} <axis>`), `${where} <axis> xyz`), `${where} <axis> xyz`) : { x: 1, y: 0, z: 0 };
  const limitNode = node['limit'] as XmlNode | undefined;
  let limit: UrdfJoint['limit'] = null;
  if (type === 'revolute' || type === 'prismatic') {
    if (!limitNode) throw new UrdfError(`${where}: a ${type} joint needs a <limit> element, found none`);
    const get = (k: string) => number(requireAttr(limitNode, k, `${where} <limit>`), `${where} <limit> ${k}`);
    limit = { lower: get('lower'), upper: get('upper'), effort: get('effort'), velocity: get('velocity') };
    if (!(limit.velocity > 0) || !(limit.effort >= 0)) throw new UrdfError(`${where} <limit>: expected velocity > 0 and effort >= 0, found velocity=${limit.velocity} effort=${limit.effort}`);
    if (limit.lower > limit.upper) throw new UrdfError(`${where} <limit>: expected lower <= upper, found lower=${limit.lower} upper=${limit.upper}`);
  }
  return { name, type, parent, child, origin: parseOrigin(node['origin'] as XmlNode | undefined, where), axis, limit };
}

function findRoot(links: Map<string, UrdfLink>, joints: UrdfJoint[]): string {
  const parentOf = new Map<string, string>();
  for (const j of joints) {
    for (const end of ['parent', 'child'] as const) {
      if (!links.has(j[end])) throw new UrdfError(`<joint name="${j.name}"> <${end}>: link "${j[end]}" is not defined`);
    }
    if (parentOf.has(j.child)) throw new UrdfError(`<joint name="${j.name}">: link "${j.child}" already has a parent joint`);
    parentOf.set(j.child, j.parent);
  }
  const roots = [...links.keys()].filter((l) => !parentOf.has(l));
  if (roots.length !== 1) {
    throw new UrdfError(`<robot>: expected exactly one root link, found ${roots.length}${roots.length ? ` (${roots.join(', ')})` : ' (the joints form a cycle)'}`);
  }
  return roots[0]!;
}

function parseOrigin(node: XmlNode | undefined, where: string): Pose {
  if (!node) return { p: { x: 0, y: 0, z: 0 }, q: { w: 1, x: 0, y: 0, z: 0 } };
  const xyz = node['@xyz'] === undefined ? { x: 0, y: 0, z: 0 } : vector(String(node['@xyz']), `${where} <origin> xyz`);
  const rpy = node['@rpy'] === undefined ? { x: 0, y: 0, z: 0 } : vector(String(node['@rpy']), `${where} <origin> rpy`);
  return { p: xyz, q: fromRpy(rpy.x, rpy.y, rpy.z) };
}

function requireChild(node: XmlNode, tag: string, where: string): XmlNode {
  const child = node[tag] as XmlNode | undefined;
  if (!child || typeof child !== 'object') throw new UrdfError(`${where}: expected a <${tag}> element, found none`);
  return child;
}

function requireAttr(node: XmlNode, attr: string, where: string): string {
  const value = node[`@${attr}`];
  if (value === undefined || value === '') throw new UrdfError(`${where}: expected attribute "${attr}", found none`);
  return String(value);
}

function number(text: string, where: string): number {
  const v = Number(text);
  if (text.trim() === '' || !Number.isFinite(v)) throw new UrdfError(`${where}: expected a finite number, found "${text}"`);
  return v;
}

function positiveNumber(node: XmlNode, attr: string, where: string): number {
  const v = number(requireAttr(node, attr, where), `${where} ${attr}`);
  if (v <= 0) throw new UrdfError(`${where} ${attr}: expected a positive number, found ${v}`);
  return v;
}

function vector(text: string, where: string): Vec3 {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 3) throw new UrdfError(`${where}: expected 3 numbers, found ${parts.length} ("${text}")`);
  const [x, y, z] = parts.map((p) => number(p, where)) as [number, number, number];
  return { x, y, z };
}

function positive(v: Vec3, where: string): Vec3 {
  if (v.x <= 0 || v.y <= 0 || v.z <= 0) throw new UrdfError(`${where}: expected 3 positive numbers, found ${v.x} ${v.y} ${v.z}`);
  return v;
}

function unit(v: Vec3, where: string): Vec3 {
  const n = Math.hypot(v.x, v.y, v.z);
  if (n < 1e-9) throw new UrdfError(`${where}: expected a non-zero axis, found 0 0 0`);
  return { x: v.x / n, y: v.y / n, z: v.z / n };
}

