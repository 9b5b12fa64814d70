// OpenBLAS's CBLAS interface. pkg-config `openblas` supplies the include path.
#if __has_include(<cblas.h>)
#include <cblas.h>
#else
#error "OpenBLAS headers not found: install them with `apt-get install libopenblas-dev pkg-config`"
#endif
