// zlib, for the gzipped data files (optdigits CSV, Fashion-MNIST IDX).
#if __has_include(<zlib.h>)
#include <zlib.h>
#else
#error "zlib headers not found: install them with `apt-get install zlib1g-dev`"
#endif
