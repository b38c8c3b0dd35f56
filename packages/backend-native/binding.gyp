{
  # Built by scripts/build-addon.mjs at install time. GANTRY_BLAS_LIB (default: openblas),
  # GANTRY_BLAS_INCLUDE and GANTRY_BLAS_LIBDIR pick another CBLAS; GANTRY_BLAS_LIB=none builds
  # the portable GEMM of native/gemm_builtin.cc instead (for the machine it is built on).
  "variables": {
    "blas_lib%": "<!(node -p \"process.env.GANTRY_BLAS_LIB || 'openblas'\")",
    "blas_include%": "<!(node -p \"process.env.GANTRY_BLAS_INCLUDE || ''\")",
    "blas_libdir%": "<!(node -p \"process.env.GANTRY_BLAS_LIBDIR || ''\")"
  },
  "targets": [
    {
      "target_name": "gantry_native",
      "sources": [
        "native/binding.cc",
        "native/conv.cc",
        "native/elementwise.cc",
        "native/gemm_builtin.cc"
      ],
      "include_dirs": ["<@(blas_include)"],
      "cflags_cc!": ["-fno-exceptions", "-O2", "-O3"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math", "-Wall"],
      "conditions": [
        ["blas_lib == 'none'", {
          "defines": ["GANTRY_BUILTIN_GEMM"],
          "cflags_cc": ["-march=native"]
        }, {
          "libraries": ["-l<(blas_lib)"]
        }],
        ["blas_libdir != ''", { "libraries": ["-L<(blas_libdir)", "-Wl,-rpath,<(blas_libdir)"] }],
        ["OS == 'mac'", {
          "xcode_settings": {
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-std=c++17", "-fno-math-errno", "-fno-trapping-math"],
            "MACOSX_DEPLOYMENT_TARGET": "11.0"
          }
        }]
      ]
    }
  ]
}
