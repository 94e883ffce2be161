/* libFuzzer harness: the profile loader must never crash, leak or read out
 * of bounds, whatever the YAML. */
#include <stddef.h>
#include <stdint.h>

#include "policy/profile.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Errors errs = {0};
    Profile *p = profile_load("fuzz.yaml", (const char *)data, size, &errs);
    profile_free(p);
    errors_free(&errs);
    return 0;
}
