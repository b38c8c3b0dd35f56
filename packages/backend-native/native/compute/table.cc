// The KernelTable of one ISA (compiled once per ISA, like the kernels it points to).
#include <cstdint>

#include "kernels.h"

#include "isa_begin.h"

void binaryKernel(int, const float*, int, const float*, int, float*, int64_t, int64_t, int64_t);
void compareKernel(int, const float*, int, const float*, int, uint8_t*, int64_t, int64_t,
                   int64_t);
void unaryKernel(int, const float*, float*, float, int64_t, int64_t);
void selectKernel(const uint8_t*, const float*, const float*, float*, int64_t, int64_t);
void reduceKernel(int, const float*, int64_t, int64_t, int64_t, int64_t, int64_t, int64_t,
                  int64_t, int64_t, double*);
void batchNormKernel(const float*, const float*, const float*, const float*, float*, int64_t,
                     int64_t, int64_t);
void biasActivationKernel(float*, int64_t, const float*, int, int, float, int64_t, int64_t);
void im2colKernel(const ConvGeom&, const float*, int64_t, int64_t, float*);
void col2imAddKernel(const ConvGeom&, const float*, int64_t, int64_t, float*);
void gemmKernel(bool, bool, int64_t, int64_t, int64_t, const float*, int64_t, const float*,
                int64_t, float*, int64_t, float);
void optimizerKernel(int, const float*, const float*, const float*, const float*, const float*,
                     float*, float*, float*, int64_t, int64_t);

#define GANTRY_ISA_NAME2(x) #x
#define GANTRY_ISA_NAME(x) GANTRY_ISA_NAME2(x)

const KernelTable* table() {
  static const KernelTable t{GANTRY_ISA_NAME(GANTRY_ISA), binaryKernel,
                             compareKernel,               unaryKernel,
                             selectKernel,                reduceKernel,
                             batchNormKernel,             biasActivationKernel,
                             im2colKernel,                col2imAddKernel,
                             gemmKernel,                  optimizerKernel};
  return &t;
}

#include "isa_end.h"
