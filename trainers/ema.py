"""Exponential moving average of a network's weights, with diffusion_policy's warm-up schedule."""
import copy

import torch


class Ema:
    """Keeps `averaged`, a copy of the network whose weights trail the trained ones.

    The decay grows with the step as in diffusion_policy's EMAModel (from the EDM/Karras and
    @crowsonkb's schedule): decay = 1 - (1 + step / inv_gamma) ** -power, clamped to
    [min_value, max_value], so early weights are forgotten quickly and late ones averaged long.
    """

    def __init__(self, net, power=0.75, inv_gamma=1.0, min_value=0.0, max_value=0.9999):
        self.averaged = copy.deepcopy(net).eval().requires_grad_(False)
        self.power, self.inv_gamma, self.min_value, self.max_value = power, inv_gamma, min_value, max_value
        self.step = 0

    def decay(self):
        value = 1 - (1 + self.step / self.inv_gamma) ** -self.power
        return max(self.min_value, min(value, self.max_value))

    @torch.no_grad()
    def update(self, net):
        """Move the average toward `net`'s current weights (buffers are copied)."""
        d = self.decay()
        for avg, cur in zip(self.averaged.parameters(), net.parameters()):
            avg.mul_(d).add_(cur.detach(), alpha=1 - d)
        for avg, cur in zip(self.averaged.buffers(), net.buffers()):
            avg.copy_(cur)
        self.step += 1
