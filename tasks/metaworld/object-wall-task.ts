import { pose } from '../../math/pose.js';
import { vec3 } from '../../math/vec3.js';
import type { Scene } from '../../sim/scene.js';
import type { TaskWorld } from '../task-world.js';
import { MetaWorldTask } from './metaworld-task.js';
import type { PushInfo } from './push.js';
import { OBJECT_WALL, addWall } from './wall-object.js';

const SUCCESS_RADIUS = 0.07;

/**
 * What push-wall-v3 and pick-place-wall-v3 share: push-v3's cylinder, the XML's wall between it
 * and the goal, and success as the object's centre within 0.07 m of the goal. Each keeps its
 * own reset boxes and reward.
 */
export abstract class ObjectWallTask extends MetaWorldTask<PushInfo> {
  protected readonly obj = pose();
  protected readonly left = vec3();
  protected readonly right = vec3();

  override loadScene(scene: Scene): void {
    super.loadScene(scene);
    addWall(scene, OBJECT_WALL);
  }

  evaluate(world: TaskWorld): PushInfo {
    const o = world.objectPose('obj', this.obj).p;
    const objToTarget = Math.hypot(o.x - this.goal.x, o.y - this.goal.y, o.z - this.goal.z);
    return { success: objToTarget <= SUCCESS_RADIUS, obj_to_target: objToTarget };
  }
}
