{
  # One binary for every x86-64 CPU, with or without OpenBLAS: nothing is compiled for more than
  # the baseline ISA except the kernels_avx2 / kernels_avx512 copies of native/compute's serial
  # kernels (chosen at load by compute/dispatch.cc), and OpenBLAS is opened at run time
  # (compute/blas.cc), not linked. Built by `pnpm build` (prebuildify → prebuilds/) and, when no
  # prebuilt binary fits, by the install script (scripts/build-addon.mjs → build/Release/).
  "variables": {
    "glibc%": "<!(node -p \"process.report.getReport().header.glibcVersionRuntime ? 1 : 0\")"
  },
  "target_defaults": {
    # No "cflags!" lists: gyp applies them after merging, so they would also remove our -O3.
    # -ffp-contract=off: no fused multiply-adds the source does not write, so the AVX2/AVX-512
    # kernels give the same bits as the baseline ones, whichever a CPU gets.
    "cflags_cc": [
      "-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off", "-fPIC"
    ],
    "xcode_settings": {
      "OTHER_CPLUSPLUSFLAGS": [
        "-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-ffp-contract=off"
      ],
      "MACOSX_DEPLOYMENT_TARGET": "11.0"
    }
  },
  "targets": [
    {
      "target_name": "kernels_baseline",
      "type": "static_library",
      "defines": ["GANTRY_ISA=baseline"],
      "sources": [
        "native/compute/elementwise.cc",
        "native/compute/im2col.cc",
        "native/compute/gemm_builtin.cc",
        "native/compute/optimizer.cc",
        "native/compute/table.cc"
      ]
    },
    {
      "target_name": "kernels_avx2",
      "type": "static_library",
      "defines": ["GANTRY_ISA=avx2"],
      "sources": [
        "native/compute/elementwise.cc",
        "native/compute/im2col.cc",
        "native/compute/gemm_builtin.cc",
        "native/compute/optimizer.cc",
        "native/compute/table.cc"
      ]
    },
    {
      "target_name": "kernels_avx512",
      "type": "static_library",
      "defines": ["GANTRY_ISA=avx512"],
      "sources": [
        "native/compute/elementwise.cc",
        "native/compute/im2col.cc",
        "native/compute/gemm_builtin.cc",
        "native/compute/optimizer.cc",
        "native/compute/table.cc"
      ]
    },
    {
      "target_name": "gantry_native",
      "sources": [
        "native/napi/binding.cc",
        "native/napi/optimizer_binding.cc",
        "native/compute/blas.cc",
        "native/compute/conv.cc",
        "native/compute/dispatch.cc",
        "native/compute/drivers.cc",
        "native/compute/onednn.cc",
        "native/compute/pool.cc"
      ],
      "dependencies": ["kernels_baseline"],
      "conditions": [
        ["target_arch == 'x64'", {
          "defines": ["GANTRY_HAVE_X86_ISAS"],
          "dependencies": ["kernels_avx2", "kernels_avx512"]
        }],
        ["OS == 'linux' and glibc == 1", {
          # glibc < 2.34 has dlopen in libdl.so.2: name it, so the prebuilt binary (which binds
          # the old dlopen symbol version, see compute/blas.cc) also loads there.
          "libraries": ["-Wl,--no-as-needed", "-l:libdl.so.2", "-Wl,--as-needed", "-pthread"]
        }],
        ["OS == 'linux' and glibc == 0", { "libraries": ["-pthread"] }],
        ["OS == 'mac'", { "libraries": ["-pthread"] }]
      ]
    }
  ]
}
