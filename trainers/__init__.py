"""armkit's Python trainers: BC, diffusion policy and an IQL critic from robomimic-layout demos.

Run each as a module from the repository root with Debian's interpreter, e.g.
`/usr/bin/python3 -m trainers.train_bc --data demos.hdf5 --out bc.onnx`. Every trainer writes an
ONNX file that satisfies armkit's model contract (policies/MODEL-CONTRACT.md).
"""
