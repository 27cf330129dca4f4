#!/usr/bin/env bash
# Can this machine run a GPU executor (the torch engine on CUDA, cluster-conf/gpu.conf)? Run on the machine that
# would host one:
#   cluster-conf/gpu-check.sh
# Steps, each printed with its result; the first failure stops the script with the reason and exit code 1:
#   1. the device (nvidia-smi: name, compute capability >= 7.5, a driver running CUDA >= 13.1) and the toolchain
#      (java 17, mvn)
#   2. the GPU build (mvn -Ptorch-gpu package: libtorch 2.10's CUDA natives and the CUDA 13.1 presets from Maven
#      Central, or a filled ~/.m2)
#   3. TorchCudaTest on the GPU (required to run, not skip): libtorch loads its CUDA build and finds the device,
#      and the SR image and five training steps on CUDA equal those on the CPU
#   4. benchmark-model and one short training run on Spark local[1] (benchmark-train), both on the GPU
# The CUDA 13.1 runtime and cuDNN 9.19 must be on the library path (a CUDA toolkit installation), or the build must
# carry them (add org.bytedeco:cuda:13.1-9.19-1.5.13:linux-x86_64-redist): step 3 shows which library is missing.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT" || exit 1

step() { printf '\n== gpu-check: %s\n' "$*"; }
fail() { printf 'gpu-check: FAILED: %s\n' "$*" >&2; exit 1; }

step "1. device and toolchain"
command -v nvidia-smi >/dev/null || fail "nvidia-smi not found: no NVIDIA driver on this machine"
nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv \
  || fail "nvidia-smi could not query the GPU"
cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -n 1 | tr -d ' ')
awk -v c="$cc" 'BEGIN { exit !(c >= 7.5) }' \
  || fail "compute capability $cc: libtorch's CUDA 13 build has no kernels below 7.5"
cuda=$(nvidia-smi | sed -n 's/.*CUDA Version: *\([0-9.]*\).*/\1/p' | head -n 1)
[ -n "$cuda" ] || fail "nvidia-smi does not say which CUDA version its driver runs"
awk -v v="$cuda" 'BEGIN { split(v, a, "."); exit !(a[1] > 13 || (a[1] == 13 && a[2] >= 1)) }' \
  || fail "the driver runs CUDA $cuda; libtorch's GPU natives need 13.1 or newer: update the NVIDIA driver"
echo "driver runs CUDA $cuda"
command -v java >/dev/null || fail "no java on PATH: a GPU executor needs Java 17 (and this build a JDK 17 and Maven)"
java -version 2>&1 | head -n 1
command -v mvn >/dev/null || fail "no mvn on PATH: the GPU build needs Maven 3 and Maven Central (or a filled ~/.m2)"

step "2. GPU build (mvn -Ptorch-gpu)"
mvn -B -q -Ptorch-gpu -DskipTests package \
  || fail "mvn -Ptorch-gpu package failed: needs org.bytedeco:pytorch:2.10.0-1.5.13:linux-x86_64-gpu and org.bytedeco:cuda:13.1-9.19-1.5.13"

step "3. libtorch on the GPU: TorchCudaTest (CUDA vs CPU)"
RRLFN_REQUIRE_CUDA=1 mvn -B -q -Ptorch-gpu -Dnd4j.extension=-gpu -pl model -Dtest=TorchCudaTest \
  -Dsurefire.failIfNoSpecifiedTests=false test \
  || fail "libtorch did not run on the GPU or differs from the CPU (output above; model/target/surefire-reports)"

step "4. benchmark-model and a short training run on local[1], on the GPU"
RRLFN_ND4J=torch-gpu bin/rrlfn benchmark-model --scale 4 --repeats 3 --engine torch rrlfn.train.torch-device=cuda \
  || fail "benchmark-model on the GPU failed"
RRLFN_ND4J=torch-gpu bin/rrlfn benchmark-train --scale 4 --rounds 1 --master 'local[1]' --engine torch \
  rrlfn.train.torch-device=cuda || fail "training on local[1] on the GPU failed"

printf '\ngpu-check: OK (jobs/target holds the GPU build; run mvn package to go back to the CPU build)\n'
