"""Linear layers and transposed convolutions computed by oneDNN's 1x1 convolution while training.

Debian's python3-torch 1.13 links the reference BLAS (`BLAS_INFO=generic`), so nn.Linear's
matrix products run at a few GFLOP/s; its convolutions go through oneDNN (libdnnl), which is
vectorized and threaded. A [N, in] x [in, out] product is a 1x1 convolution of a 1 x in x 1 x N
image, some 25x faster here (256 x 512 x 512, forward + backward: 72 ms -> 2.8 ms on 2 cores).
The parameters are nn.Linear's, so state dicts and the ONNX graph (a plain Gemm/MatMul while
exporting) are unchanged.
"""
import torch
from torch import nn
import torch.nn.functional as F


class DnnlLinear(nn.Linear):
    """nn.Linear whose product runs as a oneDNN 1x1 convolution (exported as F.linear)."""

    def forward(self, x):
        if torch.onnx.is_in_onnx_export():
            return F.linear(x, self.weight, self.bias)
        lead = x.shape[:-1]
        flat = x.reshape(-1, self.in_features)
        image = flat.t().reshape(1, self.in_features, 1, flat.shape[0])
        y = F.conv2d(image, self.weight.reshape(self.out_features, self.in_features, 1, 1), self.bias)
        return y.reshape(self.out_features, flat.shape[0]).t().reshape(*lead, self.out_features)


def use_dnnl(module):
    """Swap every nn.Linear and nn.ConvTranspose1d inside `module` for its oneDNN form, sharing
    the parameters (state-dict keys unchanged); returns `module`."""
    for name, child in module.named_children():
        if type(child) is nn.Linear:
            fast = DnnlLinear(child.in_features, child.out_features, bias=child.bias is not None)
        elif type(child) is nn.ConvTranspose1d:
            fast = DnnlConvTranspose1d(child.in_channels, child.out_channels, child.kernel_size, child.stride,
                                       child.padding, child.output_padding, child.groups, child.bias is not None,
                                       child.dilation)
        else:
            use_dnnl(child)
            continue
        fast.weight = child.weight
        fast.bias = child.bias
        setattr(module, name, fast)
    return module


class DnnlConvTranspose1d(nn.ConvTranspose1d):
    """nn.ConvTranspose1d computed as zero-stuffing plus an ordinary convolution while training.

    torch 1.13 runs transposed convolutions on CPU in its slow reference kernel (about a fifth
    of a UNet training step); stuffing stride - 1 zeros between inputs and convolving with the
    flipped, transposed kernel is the same function on oneDNN's kernel. Exported unchanged.
    """

    def forward(self, x, output_size=None):
        if torch.onnx.is_in_onnx_export() or output_size is not None or self.groups != 1 or self.dilation[0] != 1 \
                or self.output_padding[0] != 0:
            return super().forward(x, output_size)
        s, k, p = self.stride[0], self.kernel_size[0], self.padding[0]
        b, c, n = x.shape
        stuffed = x.new_zeros(b, c, (n - 1) * s + 1)
        stuffed[:, :, ::s] = x
        weight = self.weight.transpose(0, 1).flip(-1)
        return F.conv1d(stuffed, weight, self.bias, padding=k - 1 - p)
