#pragma once
// Chooses OpenBLAS's kernels for this CPU before `main` (see KernelSelection.c):
// Debian 12's OpenBLAS 0.3.21 picks its kernels by CPU model number and falls
// back to Prescott (SSE3) on processors newer than it knows, even when they have
// AVX2 + FMA or AVX-512.
#include <stdbool.h>

/// What cpuid and the OS (XCR0, via xgetbv) say about the vector units.
typedef struct {
    bool avx2;
    bool fma;
    bool avx512f;
    bool avx512dq;
    bool avx512bw;
    bool avx512vl;
    /// The OS saves the YMM state (XCR0 bits 1, 2), so AVX and AVX2 are usable.
    bool osSavesYMM;
    /// The OS saves the opmask and ZMM state (XCR0 bits 5, 6, 7), so AVX-512 is usable.
    bool osSavesZMM;
} chorus_cpu_features;

/// How the kernels in use were chosen.
typedef enum {
    /// OpenBLAS's own choice: it knew the CPU, or nothing better is supported.
    CHORUS_KERNELS_OPENBLAS = 0,
    /// OPENBLAS_CORETYPE was set by the user: respected, not checked.
    CHORUS_KERNELS_USER = 1,
    /// OpenBLAS fell back to a pre-AVX core; Chorus selected `selected` instead
    /// and its products agreed with the reference.
    CHORUS_KERNELS_UPGRADED = 2,
    /// Chorus tried `selected` but OpenBLAS did not take it or its product
    /// disagreed with the reference: OpenBLAS's own choice was restored.
    CHORUS_KERNELS_REVERTED = 3,
    /// This OpenBLAS is built for one core (no DYNAMIC_ARCH): nothing to choose.
    CHORUS_KERNELS_SINGLE_CORE_BUILD = 4,
} chorus_kernel_source;

typedef struct {
    chorus_kernel_source source;
    /// The core OpenBLAS picked by itself when the library loaded ("" if user-set).
    char reported[32];
    /// The core Chorus selected ("" unless UPGRADED or REVERTED).
    char selected[32];
    /// Largest error of the check product relative to its bound (1 = at the bound;
    /// negative when no check ran).
    double checkError;
} chorus_kernel_selection;

/// The vector features of the CPU this process runs on.
chorus_cpu_features chorus_cpu_features_detect(void);

/// The OpenBLAS core Chorus selects when OpenBLAS `reported` core for this CPU,
/// or NULL to keep OpenBLAS's choice: "SkylakeX" for AVX-512 F/DQ/BW/VL with
/// ZMM state saved, else "Haswell" for AVX2 + FMA with YMM state saved, and
/// only when `reported` is one of OpenBLAS's pre-AVX cores (its generic
/// fallbacks). Pure: depends on its arguments only.
const char *chorus_openblas_preferred_core(const char *reported, chorus_cpu_features features);

/// What the selection that ran before `main` did.
chorus_kernel_selection chorus_openblas_kernel_selection(void);

/// OpenBLAS's OPENBLAS_THREAD_TIMEOUT exponent in use (idle threads spin 2^n
/// cycles before they sleep): 4 as Chorus sets it unless the user set it;
/// -1 when this OpenBLAS has no thread server.
int chorus_openblas_thread_timeout(void);
