#!/usr/bin/env bash
# Builds libggml-cuda.so for this machine's GPU from the llama.cpp source shipped in the node-llama-cpp@3.22.1 npm
# package (llama/gitRelease.bundle: llama.cpp v0.5.0, the release the prebuilt libraries come from) with the local
# nvcc, and puts it beside the prebuilt CUDA libraries, replacing the npm one (kept as libggml-cuda.so.npm).
#
# Why: the npm libggml-cuda.so has machine code for sm_86/89/120/121 only and PTX from CUDA 13.1 for the rest; on an
# H100 with a CUDA 13.0 driver its first kernel aborts the process. A local build also serves CUDA 12 machines.
#
#   server/native/cuda/build-ggml-cuda.sh [--arch 90-real] [--dest DIR] [--jobs N] [--source-only]
#
# Needs: nvcc (CUDA toolkit), cmake >= 3.18, a C++17 compiler, git, npm. About 4 minutes on 16 cores for one
# architecture. Environment: CUDA_ARCHITECTURES overrides the detected architecture (nvidia-smi compute_cap).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$here/.build"
version="3.22.1"
dest="$here/node_modules/@node-llama-cpp/linux-x64-cuda/bins/linux-x64-cuda"
arch="${CUDA_ARCHITECTURES:-}"
jobs="$(nproc)"
source_only=false

fail() { echo "build-ggml-cuda.sh: $*" >&2; exit 1; }

while [[ $# -gt 0 ]]; do
  case "$1" in
    --arch) arch="$2"; shift 2 ;;
    --dest) dest="$2"; shift 2 ;;
    --jobs) jobs="$2"; shift 2 ;;
    --source-only) source_only=true; shift ;;
    -h|--help) sed -n '2,15p' "$0"; exit 0 ;;
    *) fail "unknown argument '$1' (see --help)" ;;
  esac
done

for tool in git npm; do
  command -v "$tool" >/dev/null || fail "$tool is needed to unpack the llama.cpp source"
done

if ! $source_only; then
  nvcc="$(command -v nvcc || true)"
  [[ -z "$nvcc" && -x /usr/local/cuda/bin/nvcc ]] && nvcc=/usr/local/cuda/bin/nvcc
  [[ -n "$nvcc" ]] || fail "nvcc (the CUDA compiler) was not found on PATH or in /usr/local/cuda/bin. Install the CUDA toolkit (12.x or 13.x) or add its bin folder to PATH; without it the server runs llama.cpp on the CPU."
  command -v cmake >/dev/null || fail "cmake is needed (3.18 or newer)"
  if [[ -z "$arch" ]]; then
    command -v nvidia-smi >/dev/null || fail "nvidia-smi is missing, so the GPU architecture is unknown; pass --arch (e.g. 90-real for an H100, 89-real for an RTX 4090)"
    cap="$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -n1 | tr -d ' .')"
    [[ -n "$cap" ]] || fail "nvidia-smi reported no GPU; pass --arch"
    arch="${cap}-real"
  fi
  [[ -d "$dest" ]] || fail "$dest does not exist: install the prebuilt CUDA libraries first (npm ci in $here) or pass --dest DIR holding libggml-base.so"
  [[ -f "$dest/libggml-base.so" ]] || fail "$dest has no libggml-base.so, which the new library must sit beside"
fi

# 1. The source: node-llama-cpp's git bundle, cloned once.
src="$work/llama.cpp"
if [[ ! -d "$src/ggml" ]]; then
  mkdir -p "$work"
  echo "fetching node-llama-cpp@$version from npm for its llama.cpp source"
  tarball="$(cd "$work" && npm pack "node-llama-cpp@$version" --silent | tail -n1)"
  tar -xzf "$work/$tarball" -C "$work" package/llama/gitRelease.bundle
  rm -rf "$src"
  git -c advice.detachedHead=false clone --quiet "$work/package/llama/gitRelease.bundle" "$src"
  if [[ ! -d "$src/ggml" ]]; then # a bundle without HEAD: check out its first ref
    ref="$(git -C "$src" for-each-ref --format='%(refname)' | head -n1)"
    git -c advice.detachedHead=false -C "$src" checkout --quiet "$ref"
  fi
  rm -rf "$work/package" "$work/$tarball"
  [[ -d "$src/ggml" ]] || fail "the bundle in node-llama-cpp@$version holds no ggml folder"
fi
echo "llama.cpp source: $src ($(git -C "$src" describe --tags --always 2>/dev/null || echo unknown))"
$source_only && exit 0

# 2. Configure and build only the CUDA backend, as a loadable backend (GGML_BACKEND_DL) like the prebuilt ones.
# Configured from the llama.cpp root with its own parts off: ggml alone runs "standalone" and wants files
# (tests/, ggml.pc.in) the release tree lacks. No versioned SONAME (ggml sets libggml-base.so.0 otherwise):
# the library must need "libggml-base.so", the name of the prebuilt file beside it.
build="$work/build-$arch"
echo "building libggml-cuda.so for CUDA architecture $arch with $nvcc ($jobs jobs)"
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CUDA_COMPILER="$nvcc" \
  -DBUILD_SHARED_LIBS=ON -DGGML_BACKEND_DL=ON -DGGML_NATIVE=OFF -DGGML_CUDA=ON -DGGML_CUDA_GRAPHS=ON \
  -DCMAKE_CUDA_ARCHITECTURES="$arch" -DGGML_CUDA_FA_QUANTS=f16-f16 -DCMAKE_PLATFORM_NO_VERSIONED_SONAME=ON -DGGML_CCACHE=OFF \
  -DLLAMA_BUILD_COMMON=OFF -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF \
  -DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_APP=OFF >/dev/null
cmake --build "$build" --target ggml-cuda -j "$jobs"
built="$(find "$build" -name 'libggml-cuda.so' -type f | head -n1)"
[[ -n "$built" ]] || fail "the build produced no libggml-cuda.so (see the output above)"
needed="$(readelf -d "$built" | sed -n 's/.*(NEEDED).*\[\(libggml-base[^]]*\)\].*/\1/p')"
if [[ "$needed" != "libggml-base.so" ]]; then
  command -v patchelf >/dev/null || fail "$built needs '$needed' instead of libggml-base.so; install patchelf and run again"
  patchelf --replace-needed "$needed" libggml-base.so "$built"
fi

# 3. Install beside the prebuilt libraries, keeping the npm build once.
if [[ -f "$dest/libggml-cuda.so" && ! -f "$dest/libggml-cuda.so.npm" ]]; then
  mv "$dest/libggml-cuda.so" "$dest/libggml-cuda.so.npm"
fi
install -m 0755 "$built" "$dest/libggml-cuda.so"
echo "installed $dest/libggml-cuda.so; build the solution again to copy it to native/llama/cuda/"
