// Convolutions by oneDNN (libdnnl.so.2, opened at run time like OpenBLAS: nothing is linked, so
// one binary serves machines with and without it). oneDNN's JIT kernels convolve NHWC directly,
// without im2col, and run the DCGAN's forward convolutions and input gradients 15-30% faster
// than im2col + OpenBLAS. Forward and backward-data only: the filter gradient stays im2col +
// GEMM, which was faster for the DCGAN's layers (bench/README.md). Activations stay in our NHWC
// layout; the filter is reordered per call from HWIO to the blocked layout oneDNN's kernel wants.
//   GANTRY_NATIVE_CONV unset or `onednn`: use oneDNN 2.x when libdnnl.so.2 loads; `im2col`:
//   never (im2col + GEMM, conv.cc).
// Threads: Debian's oneDNN runs on OpenMP; each call sets OpenMP's thread count on the calling
// thread to our pool's, and our pool's workers sleep while it runs (every call is made from the
// thread that runs the kernel, never from inside a pool part). OMP_WAIT_POLICY defaults to
// PASSIVE here (unless set), so OpenMP's threads sleep as soon as a convolution ends instead of
// spinning against our pool. Each output is one thread's sum in oneDNN's order, fixed for a
// given shape, thread count and CPU, so results are run-to-run deterministic.
#include <array>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "dlopen.h"
#include "kernels.h"
#include "pool.h"

namespace gantry {
namespace {

// oneDNN 2.x C API values (include/oneapi/dnnl/dnnl_types.h), declared here: no headers needed.
constexpr int kCpu = 1, kF32 = 3, kTagAny = 1, kStreamInOrder = 1;
constexpr int kForwardTraining = 64;
constexpr int kConvDirect = 1;
constexpr int kQueryWeightsMd = 131;
constexpr int kArgSrc = 1, kArgDst = 17, kArgWeights = 33, kArgDiffSrc = 129;
constexpr int kArgDiffDst = 145;
using Dims = int64_t[12];
using Handle = void*;
struct ExecArg {
  int arg;
  Handle memory;
};
struct Version {
  int major, minor, patch;
  const char* hash;
  unsigned cpuRuntime, gpuRuntime;
};
// Opaque descriptors, larger than oneDNN 2.x's structs (a memory desc is < 1 KiB, an op desc
// holds a few of them); oneDNN only ever gets pointers to them.
struct alignas(64) MemDesc {
  unsigned char bytes[4096];
};
struct alignas(64) OpDesc {
  unsigned char bytes[32768];
};

struct Api {
  const Version* (*version)();
  int (*engineCreate)(Handle*, int, size_t);
  int (*streamCreate)(Handle*, Handle, unsigned);
  int (*streamWait)(Handle);
  int (*mdByStrides)(MemDesc*, int, const int64_t*, int, const int64_t*);
  int (*mdByTag)(MemDesc*, int, const int64_t*, int, int);
  size_t (*mdSize)(const void*);
  int (*convForward)(OpDesc*, int, int, const MemDesc*, const MemDesc*, const MemDesc*,
                     const MemDesc*, const int64_t*, const int64_t*, const int64_t*);
  int (*convBackwardData)(OpDesc*, int, const MemDesc*, const MemDesc*, const MemDesc*,
                          const int64_t*, const int64_t*, const int64_t*);
  int (*pdCreate)(Handle*, const OpDesc*, Handle, Handle, Handle);
  const void* (*pdQueryMd)(Handle, int, int);
  int (*reorderPdCreate)(Handle*, const void*, Handle, const void*, Handle, Handle);
  int (*primitiveCreate)(Handle*, Handle);
  int (*execute)(Handle, Handle, int, const ExecArg*);
  int (*memoryCreate)(Handle*, const void*, Handle, void*);
  int (*setHandle)(Handle, void*);
  void (*ompSetNumThreads)(int);
};

struct Library {
  Api api{};
  Handle engine = nullptr, stream = nullptr;
  bool ok = false;
  std::string name;
};

template <typename T>
bool bind(void* h, const char* symbol, T& fn) {
  fn = reinterpret_cast<T>(dlsym(h, symbol));
  return fn != nullptr;
}

Library load() {
  Library lib;
  const char* pref = std::getenv("GANTRY_NATIVE_CONV");
  const std::string want = pref ? pref : "";
  if (want == "im2col") {
    lib.name = "im2col + GEMM (GANTRY_NATIVE_CONV=im2col)";
    return lib;
  }
#if defined(_WIN32)
  lib.name = "im2col + GEMM (oneDNN is not looked for on Windows)";
  return lib;
#else
  setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
  void* h = dlopen("libdnnl.so.2", RTLD_NOW | RTLD_LOCAL);
  if (h == nullptr) {
    lib.name = "im2col + GEMM (no libdnnl.so.2 found; Debian/Ubuntu: apt-get install libdnnl2)";
    return lib;
  }
  Api& a = lib.api;
  const bool bound =
      bind(h, "dnnl_version", a.version) && bind(h, "dnnl_engine_create", a.engineCreate) &&
      bind(h, "dnnl_stream_create", a.streamCreate) && bind(h, "dnnl_stream_wait", a.streamWait) &&
      bind(h, "dnnl_memory_desc_init_by_strides", a.mdByStrides) &&
      bind(h, "dnnl_memory_desc_init_by_tag", a.mdByTag) &&
      bind(h, "dnnl_memory_desc_get_size", a.mdSize) &&
      bind(h, "dnnl_convolution_forward_desc_init", a.convForward) &&
      bind(h, "dnnl_convolution_backward_data_desc_init", a.convBackwardData) &&
      bind(h, "dnnl_primitive_desc_create", a.pdCreate) &&
      bind(h, "dnnl_primitive_desc_query_md", a.pdQueryMd) &&
      bind(h, "dnnl_reorder_primitive_desc_create", a.reorderPdCreate) &&
      bind(h, "dnnl_primitive_create", a.primitiveCreate) &&
      bind(h, "dnnl_primitive_execute", a.execute) &&
      bind(h, "dnnl_memory_create", a.memoryCreate) &&
      bind(h, "dnnl_memory_set_data_handle", a.setHandle) &&
      bind(h, "omp_set_num_threads", a.ompSetNumThreads);
  const Version* v = bound ? a.version() : nullptr;
  if (v == nullptr || v->major != 2) {
    lib.name = bound ? "im2col + GEMM (libdnnl.so.2 is not oneDNN 2.x)"
                     : "im2col + GEMM (libdnnl.so.2 lacks a oneDNN 2.x or OpenMP function)";
    return lib;
  }
  if (a.engineCreate(&lib.engine, kCpu, 0) != 0 ||
      a.streamCreate(&lib.stream, lib.engine, kStreamInOrder) != 0) {
    lib.name = "im2col + GEMM (oneDNN found no CPU engine)";
    return lib;
  }
  lib.ok = true;
  lib.name = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
             std::to_string(v->patch);
  return lib;
#endif
}

const Library& library() {
  static const Library lib = load();
  return lib;
}

// One cached convolution: the primitive, our NHWC / HWIO descriptors, the filter's reorder to or
// from oneDNN's layout, and memory objects whose data handles are set per call.
struct Conv {
  bool usable = false;
  MemDesc act, out, filter;  // x or dx [N,C,H,W] as NHWC; y or dy; the filter as HWIO
  Handle primitive = nullptr, reorder = nullptr;
  Handle actMem = nullptr, outMem = nullptr, filterMem = nullptr, blockedMem = nullptr;
  size_t blockedBytes = 0;
};

using Key = std::array<int64_t, 17>;
std::mutex gMutex;
std::map<Key, std::unique_ptr<Conv>> gCache;
thread_local std::vector<float> tBlocked;

// Right/bottom padding oneDNN wants: the rows past the input the last window reaches.
int64_t padEnd(int64_t in, int64_t out, int64_t f, int64_t stride, int64_t pad) {
  return (out - 1) * stride + f - in - pad;
}

bool build(const Library& lib, ConvPass pass, const ConvGeom& g, Conv& c) {
  const Api& a = lib.api;
  const Dims actDims = {g.batch, g.inC, g.inH, g.inW};
  const Dims actStrides = {g.inH * g.inW * g.inC, 1, g.inW * g.inC, g.inC};
  const Dims outDims = {g.batch, g.outC, g.outH, g.outW};
  const Dims outStrides = {g.outH * g.outW * g.outC, 1, g.outW * g.outC, g.outC};
  const Dims wDims = {g.outC, g.inC, g.fh, g.fw};
  const Dims wStrides = {1, g.outC, g.fw * g.inC * g.outC, g.inC * g.outC};
  const Dims strides = {g.strideH, g.strideW};
  const Dims padL = {g.padTop, g.padLeft};
  const Dims padR = {padEnd(g.inH, g.outH, g.fh, g.strideH, g.padTop),
                     padEnd(g.inW, g.outW, g.fw, g.strideW, g.padLeft)};
  if (padR[0] < 0 || padR[1] < 0) return false;
  auto any = std::make_unique<MemDesc>();
  if (a.mdByStrides(&c.act, 4, actDims, kF32, actStrides) != 0 ||
      a.mdByStrides(&c.out, 4, outDims, kF32, outStrides) != 0 ||
      a.mdByStrides(&c.filter, 4, wDims, kF32, wStrides) != 0 ||
      a.mdByTag(any.get(), 4, wDims, kF32, kTagAny) != 0)
    return false;
  auto op = std::make_unique<OpDesc>();
  Handle forward = nullptr, pd = nullptr;
  if (a.convForward(op.get(), kForwardTraining, kConvDirect, &c.act, any.get(), nullptr, &c.out,
                    strides, padL, padR) != 0 ||
      a.pdCreate(&forward, op.get(), nullptr, lib.engine, nullptr) != 0)
    return false;
  if (pass == ConvPass::Forward) {
    pd = forward;
  } else {
    auto back = std::make_unique<OpDesc>();
    if (a.convBackwardData(back.get(), kConvDirect, &c.act, any.get(), &c.out, strides, padL,
                           padR) != 0 ||
        a.pdCreate(&pd, back.get(), nullptr, lib.engine, forward) != 0)
      return false;
  }
  const void* blocked = a.pdQueryMd(pd, kQueryWeightsMd, 0);
  Handle reorderPd = nullptr;
  if (blocked == nullptr ||
      a.reorderPdCreate(&reorderPd, &c.filter, lib.engine, blocked, lib.engine, nullptr) != 0 ||
      a.primitiveCreate(&c.primitive, pd) != 0 || a.primitiveCreate(&c.reorder, reorderPd) != 0)
    return false;
  c.blockedBytes = a.mdSize(blocked);
  return a.memoryCreate(&c.actMem, &c.act, lib.engine, nullptr) == 0 &&
         a.memoryCreate(&c.outMem, &c.out, lib.engine, nullptr) == 0 &&
         a.memoryCreate(&c.filterMem, &c.filter, lib.engine, nullptr) == 0 &&
         a.memoryCreate(&c.blockedMem, blocked, lib.engine, nullptr) == 0;
}

Conv* cached(const Library& lib, ConvPass pass, const ConvGeom& g) {
  const Key key = {static_cast<int64_t>(pass), g.batch, g.inH, g.inW, g.inC, g.fh, g.fw,
                   g.outH, g.outW, g.outC, g.strideH, g.strideW, g.dilH, g.dilW, g.padTop,
                   g.padLeft, poolThreads()};
  auto& slot = gCache[key];
  if (!slot) {
    slot = std::make_unique<Conv>();
    slot->usable = build(lib, pass, g, *slot);
  }
  return slot->usable ? slot.get() : nullptr;
}

// Whether oneDNN is worth calling: its backward-data kernel vectorises over the input's
// channels, so it loses to im2col + GEMM below 16 of them (3.0 against 0.8 ms for the DCGAN's
// 28×28×1 output layer at 2 threads).
bool worthIt(ConvPass pass, const ConvGeom& g) {
  if (g.batch <= 0 || g.dilH != 1 || g.dilW != 1) return false;
  return pass == ConvPass::Forward || g.inC >= 16;
}

}  // namespace

bool onednnConv(ConvPass pass, const ConvGeom& g, const float* a, const float* b, float* out) {
  const Library& lib = library();
  if (!lib.ok || !worthIt(pass, g)) return false;
  std::lock_guard<std::mutex> lock(gMutex);
  // Before building too: oneDNN plans a kernel's split over threads when it is created.
  lib.api.ompSetNumThreads(poolThreads());
  Conv* c = cached(lib, pass, g);
  if (c == nullptr) return false;
  const Api& api = lib.api;
  const size_t floats = (c->blockedBytes + sizeof(float) - 1) / sizeof(float);
  if (tBlocked.size() < floats) tBlocked.resize(floats);
  api.setHandle(c->blockedMem, tBlocked.data());
  const auto run = [&](Handle p, std::initializer_list<ExecArg> args) {
    return api.execute(p, lib.stream, static_cast<int>(args.size()), args.begin()) == 0;
  };
  bool ok = false;
  switch (pass) {
    case ConvPass::Forward:  // a = x, b = w (HWIO), out = y
      api.setHandle(c->filterMem, const_cast<float*>(b));
      api.setHandle(c->actMem, const_cast<float*>(a));
      api.setHandle(c->outMem, out);
      ok = run(c->reorder, {{kArgSrc, c->filterMem}, {kArgDst, c->blockedMem}}) &&
           run(c->primitive,
               {{kArgSrc, c->actMem}, {kArgWeights, c->blockedMem}, {kArgDst, c->outMem}});
      break;
    case ConvPass::BackwardData:  // a = dy, b = w, out = dx
      api.setHandle(c->filterMem, const_cast<float*>(b));
      api.setHandle(c->outMem, const_cast<float*>(a));
      api.setHandle(c->actMem, out);
      ok = run(c->reorder, {{kArgSrc, c->filterMem}, {kArgDst, c->blockedMem}}) &&
           run(c->primitive, {{kArgDiffDst, c->outMem},
                              {kArgWeights, c->blockedMem},
                              {kArgDiffSrc, c->actMem}});
      break;
  }
  return ok && api.streamWait(lib.stream) == 0;
}

const char* convLibraryName() { return library().name.c_str(); }
const char* convLibraryKind() { return library().ok ? "onednn" : "im2col"; }

}  // namespace gantry
