"""bench:serve-env's Python side: random actions on an ArmkitVectorEnv for a while; prints env steps/s as JSON.

    python3 bench/serve-env-client.py ENDPOINT SECONDS
"""
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "python"))
from armkit_env import ArmkitVectorEnv  # noqa: E402

endpoint, seconds = sys.argv[1], float(sys.argv[2])
rng = np.random.default_rng(0)
with ArmkitVectorEnv(endpoint) as envs:
    horizon = envs.armkit_spec["maxEpisodeSteps"]
    low, high = envs.action_space.low, envs.action_space.high
    # Warm up (the first steps reach the JIT's optimized code), then count.
    envs.reset(seed=0)
    for _ in range(20):
        envs.step(rng.uniform(low, high).astype(np.float32))
    steps, episode, t0 = 0, 1, time.perf_counter()
    envs.reset(seed=1000)
    while time.perf_counter() - t0 < seconds:
        for _ in range(horizon):
            envs.step(rng.uniform(low, high).astype(np.float32))
            steps += envs.num_envs
        envs.reset(seed=1000 + episode * envs.num_envs)
        episode += 1
    elapsed = time.perf_counter() - t0
print(json.dumps({"envSteps": steps, "seconds": elapsed, "envStepsPerSecond": steps / elapsed}))
