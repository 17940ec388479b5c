import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assetPath } from '../asset-path.js';
import { parseUrdf } from './parse-urdf.js';
import { UrdfError } from './urdf-error.js';

const link = (name: string) => `<link name="${name}"/>`;
const joint = (name: string, parent: string, child: string, extra = '') =>
  `<joint name="${name}" type="revolute"><parent link="${parent}"/><child link="${child}"/><axis xyz="0 0 1"/>${extra || '<limit lower="-1" upper="1" effort="1" velocity="1"/>'}</joint>`;
const robot = (body: string) => `<?xml version="1.0"?><robot name="r">${body}</robot>`;

test('the Panda URDF parses into a 13-link tree rooted at panda_link0', () => {
  const m = parseUrdf(readFileSync(assetPath('robot/panda/panda.urdf'), 'utf8'));
  assert.equal(m.root, 'panda_link0');
  assert.equal(m.links.size, 13);
  const j4 = m.joints.find((j) => j.name === 'panda_joint4')!;
  assert.deepEqual(j4.limit, { lower: -3.0718, upper: -0.0698, effort: 87, velocity: 2.175 });
  assert.equal(m.links.get('panda_leftfinger')!.inertial!.mass, 0.1);
  assert.equal(m.links.get('panda_link3')!.collisions.length, 2);
});

const cases: [string, string, RegExp][] = [
  ['not XML', '<robot name="r"><link name="a">', /not well-formed XML/],
  ['no robot element', '<?xml version="1.0"?><thing/>', /expected a <robot> root element/],
  ['no links', robot(''), /expected at least one <link>/],
  ['joint type', robot(link('a') + link('b') + `<joint name="j" type="ball"><parent link="a"/><child link="b"/></joint>`), /<joint name="j">: type must be one of revolute, continuous, prismatic, fixed, found "ball"/],
  ['dangling child', robot(link('a') + joint('j', 'a', 'ghost')), /<joint name="j"> <child>: link "ghost" is not defined/],
  ['missing limit', robot(link('a') + link('b') + joint('j', 'a', 'b', '<origin xyz="0 0 0"/>')), /a revolute joint needs a <limit> element/],
  ['bad number', robot(link('a') + link('b') + joint('j', 'a', 'b', '<limit lower="x" upper="1" effort="1" velocity="1"/>')), /<joint name="j"> <limit> lower: expected a finite number, found "x"/],
  ['short origin', robot(link('a') + link('b') + joint('j', 'a', 'b').replace('<axis', '<origin xyz="0 0"/><axis')), /<origin> xyz: expected 3 numbers, found 2/],
  ['two roots', robot(link('a') + link('b')), /expected exactly one root link, found 2 \(a, b\)/],
  ['two parents', robot(link('a') + link('b') + link('c') + joint('j1', 'a', 'c') + joint('j2', 'b', 'c')), /link "c" already has a parent joint/],
  ['bad geometry', robot('<link name="a"><collision><geometry><mesh filename="x.stl"/></geometry></collision></link>'), /<link name="a"> <collision> #1 <geometry>: expected one of <box>, <sphere>, <cylinder>, <capsule>, found <mesh>/],
  ['negative radius', robot('<link name="a"><collision><geometry><sphere radius="-1"/></geometry></collision></link>'), /<sphere> radius: expected a positive number, found -1/],
  ['inverted limits', robot(link('a') + link('b') + joint('j', 'a', 'b', '<limit lower="1" upper="-1" effort="1" velocity="1"/>')), /expected lower <= upper, found lower=1 upper=-1/],
];

for (const [name, xml, message] of cases) {
  test(`a malformed URDF (${name}) is refused with an error naming the element`, () => {
    assert.throws(() => parseUrdf(xml), (e: Error) => e instanceof UrdfError && message.test(e.message));
  });
}

test('a joint velocity limit that is not positive is refused (every command would be held)', () => {
  const urdf = (velocity: string) => `<robot name="r"><link name="a"/><link name="b"/><joint name="j" type="revolute"><parent link="a"/><child link="b"/><limit lower="-1" upper="1" effort="1" velocity="${velocity}"/></joint></robot>`;
  assert.throws(() => parseUrdf(urdf('-1')), /<joint name="j"> <limit>: expected velocity > 0 and effort >= 0, found velocity=-1 effort=1/);
  assert.equal(parseUrdf(urdf('2')).joints[0]!.limit!.velocity, 2);
});
