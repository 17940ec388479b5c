"""What a network reads of the observation frame: all of it, or a named feature set.

The model file always lists every observation key, so the runtime passes frames through as they
come; a feature set is computed inside the graph from the normalized frame (a constant Gather,
plus a few products for derived features).

The `relative` set (PickCube-v1) keeps what the task's expert acts on and drops the rest:
- the finger joints, the grasp flag, both orientations and the two relative positions
  (tcp_to_obj_pos, obj_to_goal_pos); not the absolute positions, arm joints or velocities. With
  100 demos, absolute positions let a network tell the demos' start states apart and memorize
  them, where the controller the demos show depends on relative positions only;
- `cube_yaw4`: cos 4θ and sin 4θ of the cube's yaw θ. The cube looks the same every quarter
  turn, so the gripper's target yaw is θ wrapped to ±45°: a function of 4θ, which is smooth in
  these two features and has four periods over the raw quaternion, too many to learn from 100
  starts (gripper yaw errors of 25-45° were the main failure of policies without it).
"""
import torch
from torch import nn

from .data import TrainerError

# key -> element indices kept ('all' for every element); 'derived' lists computed features.
FEATURE_SETS = {
    'all': None,
    'relative': {
        'qpos': [7, 8],             # the two finger joints (gripper opening); not the arm joints
        'is_grasped': 'all',
        'tcp_pose': [3, 4, 5, 6],   # gripper orientation (wxyz), not its position
        'obj_pose': [3, 4, 5, 6],   # cube orientation
        'tcp_to_obj_pos': 'all',
        'obj_to_goal_pos': 'all',
        'derived': ['cube_yaw4'],
    },
}


class ObservationFeatures(nn.Module):
    """Normalized frames [..., D] -> features [..., F]: picked elements, then derived ones."""

    def __init__(self, indices, yaw_quat=None, scale=None, offset=None):
        super().__init__()
        self.register_buffer('indices', torch.tensor(indices, dtype=torch.int64))
        self.has_yaw = yaw_quat is not None
        if self.has_yaw:
            # Undo the min-max normalization of the cube's quaternion (wxyz) to get its yaw.
            self.register_buffer('yaw_quat', torch.tensor(yaw_quat, dtype=torch.int64))
            self.register_buffer('yaw_scale', torch.tensor(scale, dtype=torch.float32))
            self.register_buffer('yaw_offset', torch.tensor(offset, dtype=torch.float32))

    @property
    def size(self):
        return len(self.indices) + (2 if self.has_yaw else 0)

    def forward(self, obs):
        picked = obs.index_select(-1, self.indices)
        if not self.has_yaw:
            return picked
        q = (obs.index_select(-1, self.yaw_quat) - self.yaw_offset) / self.yaw_scale
        w, x, y, z = q.unbind(-1)
        # yaw = atan2(2(wz + xy), 1 - 2(y^2 + z^2)), as tasks/maniskill/table-top.ts yawOf; then
        # two angle doublings give 4 * yaw without an atan2 (which ONNX lacks).
        c = 1 - 2 * (y * y + z * z)
        s = 2 * (w * z + x * y)
        n = torch.sqrt(c * c + s * s + 1e-12)
        c, s = c / n, s / n
        c, s = c * c - s * s, 2 * s * c
        c, s = c * c - s * s, 2 * s * c
        return torch.cat([picked, torch.stack([c, s], dim=-1)], dim=-1)


def build_features(name, keys, obs_norm):
    """The ObservationFeatures of set `name` for frames of `keys` [(name, size)] normalized by
    `obs_norm` (a data.MinMax), or None for all elements.

    @raises TrainerError naming a key the set needs and the frame lacks.
    """
    if name not in FEATURE_SETS:
        raise TrainerError(f'feature set {name!r}: expected one of {sorted(FEATURE_SETS)}')
    spec = FEATURE_SETS[name]
    if spec is None:
        return None
    offsets, at = {}, 0
    for key, size in keys:
        offsets[key] = (at, size)
        at += size
    picks = {k: v for k, v in spec.items() if k != 'derived'}
    derived = spec.get('derived', [])
    needed = list(picks) + (['obj_pose'] if 'cube_yaw4' in derived else [])
    missing = [k for k in needed if k not in offsets]
    if missing:
        raise TrainerError(f'feature set {name!r} reads {missing}, which the demos lack (they have {[k for k, _ in keys]})')
    indices = []
    for key, elements in picks.items():
        start, size = offsets[key]
        chosen = range(size) if elements == 'all' else elements
        bad = [i for i in chosen if i >= size]
        if bad:
            raise TrainerError(f'feature set {name!r}: {key} has {size} elements, the set picks {bad}')
        indices.extend(start + i for i in chosen)
    if 'cube_yaw4' not in derived:
        return ObservationFeatures(indices)
    start, size = offsets['obj_pose']
    if size != 7:
        raise TrainerError(f'feature set {name!r}: cube_yaw4 needs obj_pose as xyz + wxyz (7 elements), found {size}')
    quat = [start + 3 + i for i in range(4)]
    return ObservationFeatures(indices, quat, obs_norm.scale[quat].tolist(), obs_norm.offset[quat].tolist())


class ReadsFeatures(nn.Module):
    """Wraps a network so that its observation argument (position `obs_arg`) becomes features first."""

    def __init__(self, net, features, obs_arg):
        super().__init__()
        self.net = net
        self.features = features
        self.obs_arg = obs_arg

    def forward(self, *args):
        args = list(args)
        args[self.obs_arg] = self.features(args[self.obs_arg])
        return self.net(*args)


def with_features(make, name, keys, obs_norm, obs_arg=0):
    """Build `make(feature_size)` reading feature set `name` of frames of `keys` at argument `obs_arg`."""
    features = build_features(name, keys, obs_norm)
    if features is None:
        return make(sum(size for _, size in keys))
    return ReadsFeatures(make(features.size), features, obs_arg)
