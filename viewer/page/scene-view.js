// The live 3-D scene the teleop and live-view pages share: built from the server's scene
// description (render/scene-shapes.ts: bodies, and primitive shapes at fixed offsets on them)
// and posed from the body poses each frame carries (x, y, z, qw, qx, qy, qz per body).
import * as THREE from 'three';
import { OrbitControls } from 'three/addons/controls/OrbitControls.js';

/** A WebGL view of one scene in the page's body, z-up as the sim is, with orbit controls. */
export class SceneView {
  constructor() {
    this.renderer = new THREE.WebGLRenderer({ antialias: true });
    this.renderer.setPixelRatio(window.devicePixelRatio);
    this.renderer.setSize(innerWidth, innerHeight);
    document.body.prepend(this.renderer.domElement);
    this.scene = new THREE.Scene();
    this.scene.background = new THREE.Color('#1d2025');
    this.scene.add(new THREE.HemisphereLight('#ffffff', '#404048', 1.6));
    const sun = new THREE.DirectionalLight('#ffffff', 1.8);
    sun.position.set(1, -1, 2);
    this.scene.add(sun);
    this.camera = new THREE.PerspectiveCamera(45, innerWidth / innerHeight, 0.01, 20);
    this.camera.up.set(0, 0, 1);
    this.controls = new OrbitControls(this.camera, this.renderer.domElement);
    this.goal = new THREE.Mesh(new THREE.SphereGeometry(0.012, 16, 12), new THREE.MeshBasicMaterial({ color: '#4cd964', transparent: true, opacity: 0.8 }));
    this.scene.add(this.goal);
    this.bodies = [];
    this.names = [];
    this.aimed = false;
    addEventListener('resize', () => {
      this.camera.aspect = innerWidth / innerHeight;
      this.camera.updateProjectionMatrix();
      this.renderer.setSize(innerWidth, innerHeight);
    });
    this.insets = [];
    this.renderer.setAnimationLoop(() => this.render());
  }

  /** Draw the main view, then each task camera's view in an inset along the top right, below the controls. */
  render() {
    this.controls.update();
    const r = this.renderer;
    r.setViewport(0, 0, innerWidth, innerHeight);
    r.setScissorTest(false);
    r.render(this.scene, this.camera);
    let right = innerWidth - 8;
    r.setScissorTest(true);
    for (const { camera, width, height } of this.insets) {
      const h = Math.min(160, innerHeight / 3);
      const w = (h * width) / height;
      right -= w;
      // WebGL counts y from the bottom.
      const y = innerHeight - 44 - h;
      r.setViewport(right, y, w, h);
      r.setScissor(right, y, w, h);
      r.render(this.scene, camera);
      right -= 8;
    }
    r.setScissorTest(false);
  }

  /** Build the bodies and their shapes from a scene description (and its task cameras, when it has them). */
  build(d) {
    this.insets = (d.cameras ?? []).map((c) => {
      // ManiSkill's camera frame looks along x with z up; a three.js camera looks along -z with y up.
      const camera = new THREE.PerspectiveCamera((c.fov * 180) / Math.PI, c.width / c.height, 0.01, 20);
      const q = new THREE.Quaternion(c.pose[4], c.pose[5], c.pose[6], c.pose[3]);
      camera.position.set(c.pose[0], c.pose[1], c.pose[2]);
      camera.up.copy(new THREE.Vector3(0, 0, 1).applyQuaternion(q));
      camera.lookAt(new THREE.Vector3(1, 0, 0).applyQuaternion(q).add(camera.position));
      return { uid: c.uid, camera, width: c.width, height: c.height };
    });
    for (const b of this.bodies) this.scene.remove(b);
    this.names = d.bodies;
    this.bodies = d.bodies.map(() => new THREE.Group());
    for (const s of d.shapes) {
      let geometry;
      if (s.kind === 'box') geometry = new THREE.BoxGeometry(2 * s.half[0], 2 * s.half[1], 2 * s.half[2]);
      else if (s.kind === 'capsule') geometry = new THREE.CapsuleGeometry(s.radius, 2 * s.halfHeight, 6, 16);
      else if (s.kind === 'cylinder') geometry = new THREE.CylinderGeometry(s.radius, s.radius, 2 * s.halfHeight, 24);
      else geometry = new THREE.SphereGeometry(s.radius, 16, 12);
      const mesh = new THREE.Mesh(geometry, new THREE.MeshStandardMaterial({ color: new THREE.Color(...s.colour), roughness: 0.7 }));
      mesh.position.set(s.local[0], s.local[1], s.local[2]);
      mesh.quaternion.set(s.local[4], s.local[5], s.local[6], s.local[3]);
      this.bodies[s.body].add(mesh);
    }
    for (const b of this.bodies) this.scene.add(b);
    this.aimed = false;
  }

  /** The task cameras drawn as insets, by uid. */
  get cameras() {
    return this.insets.map((i) => i.uid);
  }

  /** Meshes built. */
  get meshes() {
    return this.bodies.reduce((n, b) => n + b.children.length, 0);
  }

  /** Pose every body (7 numbers each) and the goal; the first call aims the camera at the task. */
  show(poses, goal) {
    this.bodies.forEach((b, i) => {
      b.position.set(poses[7 * i], poses[7 * i + 1], poses[7 * i + 2]);
      b.quaternion.set(poses[7 * i + 4], poses[7 * i + 5], poses[7 * i + 6], poses[7 * i + 3]);
    });
    this.goal.position.set(...goal);
    if (!this.aimed) this.aim(poses, goal);
  }

  // The objects and the goal, seen from the front right and above.
  aim(poses, goal) {
    const focus = new THREE.Vector3(...goal);
    let n = 1;
    this.names.forEach((name, i) => {
      if (name === 'table' || name.startsWith('robot/')) return;
      focus.add(new THREE.Vector3(poses[7 * i], poses[7 * i + 1], poses[7 * i + 2]));
      n++;
    });
    focus.divideScalar(n);
    this.controls.target.copy(focus);
    this.camera.position.copy(focus).add(new THREE.Vector3(0.9, -1.1, 0.8));
    this.controls.update();
    this.aimed = true;
  }
}
