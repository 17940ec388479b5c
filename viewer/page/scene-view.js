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
    this.renderer.setAnimationLoop(() => {
      this.controls.update();
      this.renderer.render(this.scene, this.camera);
    });
  }

  /** Build the bodies and their shapes from a scene description. */
  build(d) {
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
