#!/usr/bin/env bash
# The system packages the test suite needs, and the one place that lists them. `npm test` runs
# this first ("pretest"): with everything installed it returns at once; otherwise it installs
# what is missing when it can (root, or passwordless sudo), and else prints the exact install
# line and exits 1 before any test runs.
#
#   python3-*      the Python tests (h5py reads armkit's HDF5 files; the trainers export ONNX)
#                  (python3-zmq, python3-msgpack: python/armkit_zmq.py speaks armkit serve's protocol)
#   chromium       the viewer test (headless, WebGL2 on SwiftShader) and, through its
#   libvulkan1     SwiftShader Vulkan driver, the WebGPU execution-provider tests
#   ffmpeg         camera streams in LeRobot exports (AV1 MP4, as LeRobot encodes them)
#   libopenblas0-pthread  the BLAS Debian's torch calls: without it torch falls back to the
#                  reference libblas3, and training runs 5-10x slower (a 512x512 matmul 112 ms vs 14 ms)
#
# ARMKIT_SETUP_PRETEND_MISSING="pkg ..." treats those packages as missing (to test this script).
set -euo pipefail

packages=(python3-torch python3-onnx python3-h5py python3-pytest python3-numpy python3-zmq python3-msgpack chromium libvulkan1 ffmpeg libopenblas0-pthread)

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "armkit test setup: no dpkg-query here; the tests expect Debian (or Ubuntu) with: ${packages[*]}" >&2
  exit 1
fi

# One dpkg-query for all of them; "ii" is installed and configured. It exits 1 when dpkg has
# never heard of one of them (a fresh machine), which must not end the script under pipefail.
installed=" $({ dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' "${packages[@]}" 2>/dev/null || true; } | awk '$1 == "ii" { printf "%s ", $2 }')"
pretend=" ${ARMKIT_SETUP_PRETEND_MISSING:-} "
missing=()
for p in "${packages[@]}"; do
  if [[ "$installed" != *" $p "* || "$pretend" == *" $p "* ]]; then missing+=("$p"); fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root="sudo -n"
else
  {
    echo "armkit test setup: missing Debian packages: ${missing[*]}"
    echo "install them, then run the tests again:"
    echo
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}"
    echo
  } >&2
  exit 1
fi

echo "armkit test setup: installing ${missing[*]}" >&2
$as_root apt-get update -qq
$as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
