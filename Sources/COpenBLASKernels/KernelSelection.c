// Runs once per process, before `main`, in every binary that links ML (the
// `chorus` command line, the test runners, the fuzzers).
//
// Why here and how, measured on Debian 12 (glibc 2.36, OpenBLAS 0.3.21
// pthread DYNAMIC_ARCH):
// - OpenBLAS picks its core in its own ELF constructor from cpuid's model
//   number; for Intel family 6 models it does not list (e.g. model 207) its
//   switch falls through to Prescott's SSE3 kernels.
// - Setting OPENBLAS_CORETYPE from the executable is too late in a
//   constructor (a library's constructors run before those of the executable
//   that needs it) and lost in .preinit_array (glibc sets `environ` only
//   after the preinit functions have run).
// - So this constructor runs after OpenBLAS's and, when OpenBLAS fell back to
//   a pre-AVX core on a CPU that has AVX2 + FMA or AVX-512, reselects through
//   OpenBLAS's own exported gotoblas_dynamic_quit / gotoblas_dynamic_init with
//   OPENBLAS_CORETYPE set for that call only (the process has one thread of its
//   own here, and no product has run). The weak references keep this working
//   with a single-core OpenBLAS build, which has neither function.
// - The new kernels are checked against a double-precision reference product
//   in all four transposition cases; on any disagreement OpenBLAS's own choice
//   is restored.
// - OpenBLAS's idle threads spin on sched_yield for 2^28 cycles (0.1 s) after
//   each product before they sleep, so through a whole training step they take
//   turns on the cores with Chorus's own passes between products (im2col,
//   pooling): 29% of a `bench train` profile under load. Unless the user set
//   OPENBLAS_THREAD_TIMEOUT, this constructor lowers it to OpenBLAS's minimum
//   (2^4 cycles: sleep as soon as a product ends, woken by the next one) and
//   restarts the threads, OpenBLAS's own fork path (blas_thread_shutdown_,
//   then blas_thread_init, which reads the timeout), while no product runs.
#include "COpenBLASKernels.h"

#include <cblas.h>
#include <cpuid.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

extern void gotoblas_dynamic_init(void) __attribute__((weak));
extern void gotoblas_dynamic_quit(void) __attribute__((weak));
extern void openblas_read_env(void) __attribute__((weak));
extern int openblas_thread_timeout(void) __attribute__((weak));
extern int blas_thread_init(void) __attribute__((weak));
extern int blas_thread_shutdown_(void) __attribute__((weak));

/// OPENBLAS_THREAD_TIMEOUT Chorus sets: 2^4 cycles, OpenBLAS's minimum.
static const int threadTimeout = 4;

static chorus_kernel_selection selection = { CHORUS_KERNELS_OPENBLAS, "", "", -1 };

chorus_cpu_features chorus_cpu_features_detect(void) {
    chorus_cpu_features features = { false, false, false, false, false, false, false, false };
    unsigned int eax, ebx, ecx, edx;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return features;
    bool osxsave = (ecx >> 27) & 1, avx = (ecx >> 28) & 1;
    features.fma = (ecx >> 12) & 1;
    if (osxsave && avx) {
        unsigned int xcr0_low, xcr0_high;
        __asm__ volatile("xgetbv" : "=a"(xcr0_low), "=d"(xcr0_high) : "c"(0));
        features.osSavesYMM = (xcr0_low & 0x06) == 0x06;
        features.osSavesZMM = (xcr0_low & 0xe6) == 0xe6;
    }
    if (__get_cpuid_count(7, 0, &eax, &ebx, &ecx, &edx)) {
        features.avx2 = (ebx >> 5) & 1;
        features.avx512f = (ebx >> 16) & 1;
        features.avx512dq = (ebx >> 17) & 1;
        features.avx512bw = (ebx >> 30) & 1;
        features.avx512vl = (ebx >> 31) & 1;
    }
    return features;
}

/// OpenBLAS 0.3.21's x86 cores whose kernels use no AVX: what it falls back to
/// on processors it does not know ("Prescott" on x86-64).
static const char *const preAVXCores[] = {
    "Unknown", "Katmai", "Coppermine", "Northwood", "Prescott", "Banias", "Atom", "Core2", "Penryn",
    "Dunnington", "Nehalem", "Athlon", "Opteron", "Opteron_SSE3", "Barcelona", "Nano", "Bobcat",
};

const char *chorus_openblas_preferred_core(const char *reported, chorus_cpu_features f) {
    bool fallback = false;
    for (size_t i = 0; i < sizeof preAVXCores / sizeof preAVXCores[0]; i++) {
        if (strcasecmp(reported, preAVXCores[i]) == 0) fallback = true;
    }
    if (!fallback) return NULL;
    bool haswell = f.avx2 && f.fma && f.osSavesYMM;
    if (haswell && f.avx512f && f.avx512dq && f.avx512bw && f.avx512vl && f.osSavesZMM) return "SkylakeX";
    if (haswell) return "Haswell";
    return NULL;
}

chorus_kernel_selection chorus_openblas_kernel_selection(void) { return selection; }

/// Largest |sgemm − reference| over the error bound 2e-5 · Σ|a·b| per entry
/// (float's worst case for k = 131 terms in any order is 131 · 2^-24 ≈ 7.8e-6),
/// over the four transposition cases of a 67 × 45 × 131 product with beta 0.5.
/// Odd sizes reach the kernels' edge cases. Finite and ≤ 1 when the kernels agree.
static double checkProduct(void) {
    enum { M = 67, N = 45, K = 131 };
    static float a[M * K], b[K * N], c[M * N], c0[M * N];
    uint32_t state = 12345;
    for (int i = 0; i < M * K; i++) { state = state * 1664525u + 1013904223u; a[i] = (float)(state >> 8) / 8388608.0f - 1.0f; }
    for (int i = 0; i < K * N; i++) { state = state * 1664525u + 1013904223u; b[i] = (float)(state >> 8) / 8388608.0f - 1.0f; }
    for (int i = 0; i < M * N; i++) { state = state * 1664525u + 1013904223u; c0[i] = (float)(state >> 8) / 8388608.0f - 1.0f; }
    double worst = 0;
    for (int layout = 0; layout < 4; layout++) {
        bool transA = layout & 1, transB = layout & 2;
        memcpy(c, c0, sizeof c);
        // The same numbers stored transposed when op(X) = Xᵀ: element (i, p) of op(A).
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    M, N, K, 1.0f, a, transA ? M : K, b, transB ? K : N, 0.5f, c, N);
        for (int i = 0; i < M; i++) {
            for (int j = 0; j < N; j++) {
                double sum = 0.5 * c0[i * N + j], magnitude = fabs(0.5 * c0[i * N + j]);
                for (int p = 0; p < K; p++) {
                    double x = transA ? a[p * M + i] : a[i * K + p];
                    double y = transB ? b[j * K + p] : b[p * N + j];
                    sum += x * y;
                    magnitude += fabs(x * y);
                }
                double error = fabs(c[i * N + j] - sum) / (2e-5 * magnitude + 1e-30);
                if (!(error <= worst)) worst = error;  // NaN propagates as a failure
            }
        }
    }
    return worst;
}

/// Reselects OpenBLAS's core: `name` through OPENBLAS_CORETYPE, or with NULL
/// OpenBLAS's own choice by cpuid.
static void reinitialize(const char *name) {
    if (name) setenv("OPENBLAS_CORETYPE", name, 1);
    gotoblas_dynamic_quit();
    gotoblas_dynamic_init();
    if (name) unsetenv("OPENBLAS_CORETYPE");
}

static void selectKernels(void) {
    if (getenv("OPENBLAS_CORETYPE")) {
        selection.source = CHORUS_KERNELS_USER;
        return;
    }
    snprintf(selection.reported, sizeof selection.reported, "%s", openblas_get_corename());
    if (!gotoblas_dynamic_init || !gotoblas_dynamic_quit) {
        selection.source = CHORUS_KERNELS_SINGLE_CORE_BUILD;
        return;
    }
    const char *preferred = chorus_openblas_preferred_core(selection.reported, chorus_cpu_features_detect());
    if (!preferred) return;
    snprintf(selection.selected, sizeof selection.selected, "%s", preferred);
    reinitialize(preferred);
    if (strcasecmp(openblas_get_corename(), preferred) == 0) {
        selection.checkError = checkProduct();
        if (selection.checkError <= 1) {
            selection.source = CHORUS_KERNELS_UPGRADED;
            return;
        }
    }
    selection.source = CHORUS_KERNELS_REVERTED;
    reinitialize(NULL);
}

int chorus_openblas_thread_timeout(void) { return openblas_thread_timeout ? openblas_thread_timeout() : -1; }

/// Idle OpenBLAS threads sleep at once instead of spinning (see the top of this file).
static void shortenThreadTimeout(void) {
    if (getenv("OPENBLAS_THREAD_TIMEOUT") || !openblas_read_env || !openblas_thread_timeout || !blas_thread_init
        || !blas_thread_shutdown_) return;
    char value[4];
    snprintf(value, sizeof value, "%d", threadTimeout);
    setenv("OPENBLAS_THREAD_TIMEOUT", value, 1);
    openblas_read_env();
    unsetenv("OPENBLAS_THREAD_TIMEOUT");
    blas_thread_shutdown_();
    blas_thread_init();
}

__attribute__((constructor)) static void chorus_configure_openblas(void) {
    selectKernels();
    shortenThreadTimeout();
}
