// libcsv (RFC 4180 reader and writer).
#if __has_include(<csv.h>)
#include <csv.h>
#else
#error "libcsv headers not found: install them with `apt-get install libcsv-dev`"
#endif
