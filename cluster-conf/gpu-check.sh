#!/usr/bin/env bash
# Can this machine run a GPU executor? Run from anywhere on the machine that would host one:
#   cluster-conf/gpu-check.sh [WORK_DIR]      (default WORK_DIR: work/gpu-check)
# Steps, each printed with its result; the first failure stops the script with the reason and exit code 1:
#   1. the device (nvidia-smi: name, compute capability, driver) and the toolchain (java 17, mvn)
#   2. the CPU build (mvn package): `backend-check --save` writes a seeded model, an input and the CPU output
#   3. the CUDA build (mvn -Pcuda package: ND4J's CUDA 11.6 + cuDNN backend from Maven Central)
#   4. `backend-check --compare`: the ND4J backend and device loaded, GPU forward vs CPU forward <= 1e-3
#   5. `benchmark-model` and one short training run on Spark local[1] (`benchmark-train`), on the GPU
# The machine needs the NVIDIA driver, Java 17, Maven, and Maven Central (or a filled ~/.m2) for the ~600 MB
# nd4j-cuda-11.6 natives; the CUDA 11.6 runtime comes from org.bytedeco:cuda (a dependency of the CUDA build).
# ND4J 1.0.0-M2.1's CUDA kernels were built for compute capability <= 8.6: on newer GPUs (Hopper: 9.0) step 4
# decides whether they load.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK=${1:-$ROOT/work/gpu-check}
cd "$ROOT" || exit 1

step() { printf '\n== gpu-check: %s\n' "$*"; }
fail() { printf 'gpu-check: FAILED: %s\n' "$*" >&2; exit 1; }

step "1. device and toolchain"
command -v nvidia-smi >/dev/null || fail "nvidia-smi not found: no NVIDIA driver on this machine"
nvidia-smi --query-gpu=name,compute_cap,driver_version,memory.total --format=csv \
  || fail "nvidia-smi could not query the GPU"
cc=$(nvidia-smi --query-gpu=compute_cap --format=csv,noheader | head -n 1 | tr -d ' ')
if awk -v c="$cc" 'BEGIN { exit !(c > 8.6) }'; then
  echo "note: compute capability $cc is above 8.6, the newest ND4J 1.0.0-M2.1's CUDA kernels were built for;" \
       "they run only if the build carries PTX the driver can compile for it (step 4 shows)"
fi
command -v java >/dev/null || fail "no java on PATH: a GPU executor needs Java 17 (and this build a JDK 17 and Maven)"
java -version 2>&1 | head -n 1
command -v mvn >/dev/null || fail "no mvn on PATH: the CUDA build needs Maven 3 and Maven Central (or a filled ~/.m2)"

step "2. CPU build and CPU reference output"
mvn -B -q -DskipTests package || fail "mvn package (CPU build) failed"
bin/rrlfn backend-check --save "$WORK/cpu" || fail "backend-check --save on the CPU build failed"

step "3. CUDA build (mvn -Pcuda)"
mvn -B -q -Pcuda -DskipTests package \
  || fail "mvn -Pcuda package failed: needs org.nd4j:nd4j-cuda-11.6:1.0.0-M2.1 (classifiers linux-x86_64, linux-x86_64-cudnn)"

step "4. backend loaded, GPU forward vs CPU forward"
RRLFN_ND4J=cudnn bin/rrlfn backend-check --compare "$WORK/cpu" \
  || fail "the CUDA backend did not load or its forward differs from the CPU's (output above)"

step "5. benchmark-model and a short training run on local[1], on the GPU"
RRLFN_ND4J=cudnn bin/rrlfn benchmark-model --scale 4 --repeats 3 || fail "benchmark-model on the GPU failed"
RRLFN_ND4J=cudnn bin/rrlfn benchmark-train --scale 4 --rounds 1 --master 'local[1]' \
  || fail "training on local[1] on the GPU failed"

printf '\ngpu-check: OK (the CPU build is replaced by the CUDA build in jobs/target; run mvn package to go back)\n'
