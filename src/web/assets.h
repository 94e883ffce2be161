/* The web's static files, compiled into the binary (cmake/embed_assets.cmake):
 * no file beside the binary, nothing from outside the closed network. */
#ifndef DAICHO_WEB_ASSETS_H
#define DAICHO_WEB_ASSETS_H
#include <stddef.h>

typedef struct WebAsset {
    const char *path;          /* "/static/style.css" */
    const char *content_type;
    const char *etag;          /* quoted, from the content */
    const unsigned char *data;
    size_t len;
} WebAsset;

extern const WebAsset web_assets[];   /* ends with a NULL path */

#endif
